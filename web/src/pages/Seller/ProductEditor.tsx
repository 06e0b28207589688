import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import {
  type ProductChanges,
  uploadProductImage,
  useChangeProduct,
  useCreateProduct,
  useDeleteProduct,
  useProduct,
  useUpdateProduct,
  useUpdateSku,
} from '../../api/catalog.js';
import { isApiError } from '../../api/client.js';
import type { Product, ProductStatus, Store } from '../../api/types.js';
import { Field, TextAreaField } from '../../components/Field.js';
import { focusFirstInvalid } from '../../components/forms.js';
import { FormAlert, LoadError, PageLoading } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { errorMessage } from '../../i18n/index.js';
import { parseMoneyInput, parseWholeNumber } from '../../lib/money.js';
import { combinations, comboKey, MAX_COMBINATIONS } from '../../lib/skus.js';
import { NotFound } from '../NotFound/NotFound.js';
import { sellerPath, useSellerStore } from './context.js';
import { AttributesEditor, CategorySelect } from './ProductEditor/Attributes.js';
import {
  type AttributeRow,
  EMPTY_SKU,
  type Errors,
  key,
  type LocalPhoto,
  type OptionRow,
  type Outcome,
  type SkuValues,
  skuValuesOf,
} from './ProductEditor/model.js';
import { LivePhotos, LocalPhotos } from './ProductEditor/Photos.js';
import { DangerZone, type SaveAction, SaveBar, ShareCard } from './ProductEditor/ProductCards.js';
import { SkusSection } from './ProductEditor/SkusSection.js';
import { StatusBadge } from './SellerProducts.js';

/** Creates a product or edits one; the same form, with what can change after creation. */
function ProductForm({ store, product }: { store: Store; product?: Product }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const outcome = (location.state ?? {}) as Outcome;
  const currency = product?.currency ?? store.currency;
  const editing = product !== undefined;

  const [title, setTitle] = useState(product?.title ?? '');
  const [description, setDescription] = useState(product?.description ?? '');
  const [categoryId, setCategoryId] = useState(product?.category.id ?? '');
  const [attributes, setAttributes] = useState<AttributeRow[]>(() =>
    (product?.attributes ?? []).map((row) => ({ key: key('attr'), ...row })),
  );
  const [options, setOptions] = useState<OptionRow[]>(() =>
    (product?.options ?? []).map((option) => ({ key: key('option'), name: option.name, values: [...option.values], pending: '' })),
  );
  const [skuValues, setSkuValues] = useState<Record<string, SkuValues>>(() => skuValuesOf(product, currency));
  const [photos, setPhotos] = useState<LocalPhoto[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string>();
  const [notice, setNotice] = useState<string | undefined>(() => {
    if (!outcome.created) return undefined;
    const base = outcome.created === 'active' ? t('productEditor.createdActive') : t('productEditor.createdDraft');
    return outcome.photoFailures ? `${base} ${t('productEditor.photoFailures', { count: outcome.photoFailures })}` : base;
  });
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const create = useCreateProduct();
  const update = useUpdateProduct(product?.id ?? '');
  const setStatus = useChangeProduct();
  const updateSku = useUpdateSku(product?.id ?? '');
  const remove = useDeleteProduct(product?.id ?? '');
  usePageTitle(`${editing ? t('productEditor.editTitle') : t('productEditor.newTitle')} · ${store.name}`);

  // Options with a name and values generate the combinations; each needs a SKU.
  const usedOptions = options.filter((option) => option.values.length > 0);
  const combos = useMemo(
    () => (editing ? (product?.skus.map((sku) => sku.options) ?? []) : combinations(usedOptions)),
    [editing, product, usedOptions],
  );
  const tooMany = combos.length > MAX_COMBINATIONS;

  const clearError = (name: string) => {
    if (errors[name]) setErrors((current) => Object.fromEntries(Object.entries(current).filter(([param]) => param !== name)));
  };

  const setSku = (combo: string, values: SkuValues) => {
    setSkuValues((current) => ({ ...current, [combo]: values }));
    for (const part of ['price', 'stock', 'weight']) clearError(`sku:${combo}:${part}`);
  };

  const applyToAll = (batch: SkuValues) =>
    setSkuValues((current) => {
      const next = { ...current };
      for (const combo of combos) {
        const id = comboKey(combo);
        const existing = next[id] ?? EMPTY_SKU;
        next[id] = {
          price: batch.price || existing.price,
          stock: batch.stock || existing.stock,
          weight: batch.weight || existing.weight,
        };
      }
      return next;
    });

  const attributeRowsToSend = attributes.filter((row) => row.name.trim() || row.value.trim());

  const validate = (): Errors => {
    const found: Errors = {};
    if (!title.trim()) found.title = t('validation.required');
    if (!categoryId) found.category_id = t('productEditor.chooseCategoryError');
    for (const row of attributeRowsToSend) {
      if (!row.name.trim()) found[`attr:${row.key}:name`] = t('validation.required');
      if (!row.value.trim()) found[`attr:${row.key}:value`] = t('validation.required');
    }
    if (!editing) {
      const names = new Set<string>();
      options.forEach((option, index) => {
        const name = option.name.trim();
        if (!name) found[`options.${index}.name`] = t('validation.required');
        else if (names.has(name)) found[`options.${index}.name`] = t('productEditor.optionNameRepeated');
        names.add(name);
        if (option.values.length === 0) found[`options.${index}.values`] = t('productEditor.optionNeedsValues');
      });
      if (tooMany) found.options = t('productEditor.tooManyCombos', { max: MAX_COMBINATIONS });
    }
    for (const combo of combos) {
      const id = comboKey(combo);
      const values = skuValues[id] ?? EMPTY_SKU;
      if (parseMoneyInput(values.price, currency) === undefined)
        found[`sku:${id}:price`] = values.price ? t('productEditor.priceInvalid') : t('productEditor.priceRequired');
      if (!editing && parseWholeNumber(values.stock) === undefined) found[`sku:${id}:stock`] = t('productEditor.wholeNumber');
      if (values.weight.trim() && parseWholeNumber(values.weight, { max: 1_000_000 }) === undefined)
        found[`sku:${id}:weight`] = t('productEditor.wholeNumber');
    }
    return found;
  };

  /** An API error's `param` as the name of the field that shows it, if the form has one. */
  const fieldOf = (param: string | undefined, skuCombo?: readonly string[]): string | undefined => {
    if (!param) return undefined;
    if (param === 'title' || param === 'description' || param === 'category_id' || param === 'options') return param;
    if (skuCombo) {
      const part = { price_minor: 'price', weight_g: 'weight' }[param];
      return part ? `sku:${comboKey(skuCombo)}:${part}` : undefined;
    }
    const attribute = /^attributes\.(\d+)\.(name|value)$/.exec(param);
    if (attribute) {
      const row = attributeRowsToSend[Number(attribute[1])];
      return row ? `attr:${row.key}:${attribute[2]}` : undefined;
    }
    const option = /^options\.(\d+)\.(name|values)/.exec(param);
    if (option) return `options.${option[1]}.${option[2]}`;
    const sku = /^skus\.(\d+)\.(price_minor|stock|weight_g)/.exec(param);
    if (sku) {
      const combo = combos[Number(sku[1])];
      const part = { price_minor: 'price', stock: 'stock', weight_g: 'weight' }[sku[2] as 'price_minor' | 'stock' | 'weight_g'];
      return combo ? `sku:${comboKey(combo)}:${part}` : undefined;
    }
    if (/^skus(\.\d+\.options)?$/.test(param)) return 'options';
    return undefined;
  };

  const showError = (error: unknown, skuCombo?: readonly string[]) => {
    const field = fieldOf(isApiError(error) ? error.param : undefined, skuCombo);
    if (field) {
      const message = isApiError(error) && error.code === 'validation_failed' ? t('validation.invalid') : errorMessage(t, error);
      setErrors({ [field]: message });
      setFormError(undefined);
    } else {
      setFormError(errorMessage(t, error));
    }
    focusFirstInvalid(formRef.current);
  };

  const skusToSend = () =>
    combos.map((combo) => {
      const values = skuValues[comboKey(combo)] ?? EMPTY_SKU;
      return {
        options: combo,
        price_minor: parseMoneyInput(values.price, currency) ?? 0,
        stock: parseWholeNumber(values.stock) ?? 0,
        weight_g: values.weight.trim() ? (parseWholeNumber(values.weight) ?? 0) : 0,
      };
    });

  const attributesToSend = () => attributeRowsToSend.map((row) => ({ name: row.name.trim(), value: row.value.trim() }));

  const createProduct = async (publish: boolean) => {
    try {
      const answer = await create.mutateAsync({
        store_id: store.id,
        title: title.trim(),
        ...(description.trim() ? { description } : {}),
        category_id: categoryId,
        attributes: attributesToSend(),
        options: usedOptions.map((option) => ({ name: option.name.trim(), values: option.values })),
        skus: skusToSend(),
        status: 'draft',
      });
      const id = answer.product.id;
      let photoFailures = 0;
      for (const photo of photos) {
        try {
          await uploadProductImage(id, photo.file);
        } catch {
          photoFailures += 1;
        }
      }
      let created: 'draft' | 'active' = 'draft';
      if (publish) {
        await setStatus.mutateAsync({ id, changes: { status: 'active' } });
        created = 'active';
      }
      navigate(sellerPath(store.id, `products/${id}`), { replace: true, state: { created, photoFailures } satisfies Outcome });
    } catch (error) {
      showError(error);
    }
  };

  const saveChanges = async (status?: ProductStatus): Promise<boolean> => {
    if (!product) return false;
    const changes: ProductChanges = {};
    if (title.trim() !== product.title) changes.title = title.trim();
    if (description !== product.description) changes.description = description;
    if (categoryId !== product.category.id) changes.category_id = categoryId;
    const nextAttributes = attributesToSend();
    if (JSON.stringify(nextAttributes) !== JSON.stringify(product.attributes)) changes.attributes = nextAttributes;
    if (status && status !== product.status) changes.status = status;
    for (const sku of product.skus) {
      const values = skuValues[comboKey(sku.options)] ?? EMPTY_SKU;
      const price = parseMoneyInput(values.price, currency) ?? sku.price_minor;
      const weight = values.weight.trim() ? (parseWholeNumber(values.weight) ?? sku.weight_g) : 0;
      if (price === sku.price_minor && weight === sku.weight_g) continue;
      try {
        await updateSku.mutateAsync({ skuId: sku.id, price_minor: price, weight_g: weight });
      } catch (error) {
        showError(error, sku.options);
        return false;
      }
    }
    if (Object.keys(changes).length === 0) return true;
    try {
      await update.mutateAsync(changes);
      return true;
    } catch (error) {
      showError(error);
      return false;
    }
  };

  const submit = async (action: SaveAction) => {
    setFormError(undefined);
    setNotice(undefined);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      if (!editing) await createProduct(action === 'publish');
      else {
        const status = action === 'active' || action === 'delisted' ? action : undefined;
        if (await saveChanges(status)) {
          setNotice(
            status === 'active'
              ? t('productEditor.nowActive')
              : status === 'delisted'
                ? t('productEditor.nowDelisted')
                : t('productEditor.saved'),
          );
        }
      }
    } finally {
      setBusy(false);
    }
  };

  const deleteProduct = () =>
    remove.mutate(undefined, {
      onSuccess: ({ outcome: result }) => navigate(`${sellerPath(store.id, 'products')}?deleted=${result}`),
      onError: (error) => setFormError(errorMessage(t, error)),
    });

  return (
    <form ref={formRef} className="seller-page product-editor" onSubmit={(event) => event.preventDefault()} noValidate>
      <header className="seller-page__header">
        <Link to={sellerPath(store.id, 'products')} className="back-link">
          ‹ {t('sellerProducts.title')}
        </Link>
        <div className="product-editor__title-row">
          <h1>{editing ? t('productEditor.editTitle') : t('productEditor.newTitle')}</h1>
          {product ? <StatusBadge status={product.status} /> : null}
        </div>
      </header>
      {notice ? (
        <div className="alert alert--info" role="status" data-testid="product-notice">
          <span>{notice}</span>
          {product?.status === 'active' ? (
            <Link to={`/p/${product.id}`} className="btn btn--secondary btn--small">
              {t('productEditor.viewProduct')}
            </Link>
          ) : null}
        </div>
      ) : null}
      <FormAlert message={formError} />

      <section className="card editor-card" aria-labelledby="photos-title">
        <h2 id="photos-title" className="card__title">
          {t('productEditor.photos')}
        </h2>
        <p className="card__hint">{t('productEditor.photosHint')}</p>
        {product ? <LivePhotos product={product} /> : <LocalPhotos photos={photos} onChange={setPhotos} />}
      </section>

      <section className="card editor-card" aria-labelledby="basics-title">
        <h2 id="basics-title" className="card__title">
          {t('productEditor.basics')}
        </h2>
        <Field
          label={t('productEditor.productTitle')}
          name="title"
          maxLength={120}
          required
          value={title}
          placeholder={t('productEditor.titlePlaceholder')}
          onChange={(event) => {
            setTitle(event.target.value);
            clearError('title');
          }}
          error={errors.title}
        />
        <CategorySelect
          value={categoryId}
          onChange={(id) => {
            setCategoryId(id);
            clearError('category_id');
          }}
          error={errors.category_id}
        />
        <TextAreaField
          label={t('productEditor.description')}
          name="description"
          maxLength={5000}
          rows={5}
          optional
          value={description}
          placeholder={t('productEditor.descriptionPlaceholder')}
          onChange={(event) => setDescription(event.target.value)}
          error={errors.description}
        />
      </section>

      <SkusSection
        storeId={store.id}
        product={product}
        currency={currency}
        options={options}
        setOptions={setOptions}
        combos={combos}
        tooMany={tooMany}
        skuValues={skuValues}
        setSku={setSku}
        applyToAll={applyToAll}
        errors={errors}
        clearError={clearError}
      />

      <AttributesEditor
        rows={attributes}
        onChange={(rows) => {
          setAttributes(rows);
          setErrors((current) => Object.fromEntries(Object.entries(current).filter(([param]) => !param.startsWith('attr:'))));
        }}
        errors={errors}
      />

      {product ? <ShareCard storeId={store.id} product={product} /> : null}

      {product ? (
        <DangerZone
          product={product}
          busy={busy}
          onDelist={() => void submit('delisted')}
          onDelete={deleteProduct}
          deleting={remove.isPending}
        />
      ) : null}

      <SaveBar product={product} busy={busy} onSubmit={(action) => void submit(action)} />
    </form>
  );
}

export function NewProduct() {
  const { store } = useSellerStore();
  return <ProductForm store={store} />;
}

export function EditProduct() {
  const { store } = useSellerStore();
  const { productId = '' } = useParams();
  const product = useProduct(productId);
  if (product.isPending) return <PageLoading />;
  if (product.isError) {
    if (isApiError(product.error) && product.error.status === 404) return <NotFound />;
    return <LoadError error={product.error} onRetry={() => void product.refetch()} />;
  }
  if (product.data.product.store_id !== store.id) return <NotFound />;
  // Keyed by id and update time: after a save the form starts again from what the server holds.
  return <ProductForm key={`${product.data.product.id}`} store={store} product={product.data.product} />;
}
