import { type KeyboardEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import {
  type ProductChanges,
  uploadProductImage,
  useAddProductImage,
  useCategories,
  useChangeProduct,
  useCreateProduct,
  useDeleteProduct,
  useProduct,
  useSetImageOrder,
  useUpdateProduct,
  useUpdateSku,
} from '../../api/catalog.js';
import { isApiError } from '../../api/client.js';
import type { Product, ProductStatus, Store } from '../../api/types.js';
import { Field, SelectField, TextAreaField } from '../../components/Field.js';
import { focusFirstInvalid } from '../../components/forms.js';
import { PhotoStrip } from '../../components/PhotoStrip.js';
import { QrShare } from '../../components/QrShare.js';
import { FormAlert, LoadError, PageLoading } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { errorMessage } from '../../i18n/index.js';
import { categoryName, categoryTree } from '../../lib/categories.js';
import { currencySymbol, minorToDecimal, parseMoneyInput, parseWholeNumber } from '../../lib/money.js';
import { combinations, comboKey, MAX_COMBINATIONS, MAX_OPTIONS } from '../../lib/skus.js';
import { NotFound } from '../NotFound/NotFound.js';
import { sellerPath, useSellerStore } from './context.js';
import { StatusBadge } from './SellerProducts.js';

const MAX_PHOTOS = 12;
const MAX_ATTRIBUTES = 30;
const MAX_VALUES = 30;

let counter = 0;
const key = (prefix: string) => `${prefix}-${++counter}`;

interface AttributeRow {
  key: string;
  name: string;
  value: string;
}

interface OptionRow {
  key: string;
  name: string;
  values: string[];
  pending: string;
}

interface SkuValues {
  price: string;
  stock: string;
  weight: string;
}

interface LocalPhoto {
  key: string;
  file: File;
  url: string;
}

type Errors = Record<string, string>;

const EMPTY_SKU: SkuValues = { price: '', stock: '', weight: '' };

/** Splits "红，蓝、绿" as typed or pasted into separate values. */
function splitValues(text: string): string[] {
  return text
    .split(/[,，、;；\n]/)
    .map((value) => value.trim())
    .filter(Boolean);
}

function CategorySelect({ value, onChange, error }: { value: string; onChange: (id: string) => void; error?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const categories = useCategories();
  const tree = categories.data ? categoryTree(categories.data) : undefined;
  return (
    <SelectField
      label={t('productEditor.category')}
      name="category_id"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error ?? (categories.isError ? errorMessage(t, categories.error) : undefined)}
      required
    >
      <option value="" disabled>
        {categories.isPending ? t('common.loading') : t('productEditor.chooseCategory')}
      </option>
      {tree?.roots.map((root) => {
        const children = tree.childrenOf(root.id);
        if (children.length === 0) {
          return (
            <option key={root.id} value={root.id}>
              {categoryName(root, i18n.language)}
            </option>
          );
        }
        return (
          <optgroup key={root.id} label={categoryName(root, i18n.language)}>
            {children.map((child) => (
              <option key={child.id} value={child.id}>
                {categoryName(child, i18n.language)}
              </option>
            ))}
          </optgroup>
        );
      })}
    </SelectField>
  );
}

function AttributesEditor({ rows, onChange, errors }: { rows: AttributeRow[]; onChange: (rows: AttributeRow[]) => void; errors: Errors }) {
  const { t } = useTranslation();
  const change = (row: AttributeRow, changes: Partial<AttributeRow>) =>
    onChange(rows.map((other) => (other.key === row.key ? { ...row, ...changes } : other)));
  return (
    <section className="card editor-card" aria-labelledby="attributes-title">
      <h2 id="attributes-title" className="card__title">
        {t('productEditor.attributes')}
      </h2>
      <p className="card__hint">{t('productEditor.attributesHint')}</p>
      {rows.length > 0 ? (
        <ul className="attribute-rows">
          {rows.map((row, index) => (
            <li key={row.key} className="attribute-row">
              <Field
                label={t('productEditor.attributeName')}
                name={`attr:${row.key}:name`}
                maxLength={30}
                value={row.name}
                placeholder={index === 0 ? t('productEditor.attributeNamePlaceholder') : undefined}
                onChange={(event) => change(row, { name: event.target.value })}
                error={errors[`attr:${row.key}:name`]}
                className="field--compact"
              />
              <Field
                label={t('productEditor.attributeValue')}
                name={`attr:${row.key}:value`}
                maxLength={100}
                value={row.value}
                placeholder={index === 0 ? t('productEditor.attributeValuePlaceholder') : undefined}
                onChange={(event) => change(row, { value: event.target.value })}
                error={errors[`attr:${row.key}:value`]}
                className="field--compact"
              />
              <button
                type="button"
                className="icon-button attribute-row__remove"
                onClick={() => onChange(rows.filter((other) => other.key !== row.key))}
                aria-label={t('productEditor.removeAttribute', { index: index + 1 })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <button
        type="button"
        className="btn btn--secondary btn--small editor-card__add"
        disabled={rows.length >= MAX_ATTRIBUTES}
        onClick={() => onChange([...rows, { key: key('attr'), name: '', value: '' }])}
      >
        + {t('productEditor.addAttribute')}
      </button>
    </section>
  );
}

function OptionCard({
  option,
  index,
  errors,
  onChange,
  onRemove,
}: {
  option: OptionRow;
  index: number;
  errors: Errors;
  onChange: (option: OptionRow) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const [duplicate, setDuplicate] = useState<string>();
  const add = () => {
    const incoming = splitValues(option.pending);
    const fresh = incoming.filter((value, at) => !option.values.includes(value) && incoming.indexOf(value) === at);
    setDuplicate(fresh.length < incoming.length ? t('productEditor.valueRepeated') : undefined);
    onChange({ ...option, values: [...option.values, ...fresh].slice(0, MAX_VALUES), pending: '' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  };
  const valuesError = errors[`options.${index}.values`] ?? duplicate;
  return (
    <li className="option-card" data-testid="option-card">
      <div className="option-card__head">
        <Field
          label={t('productEditor.optionName')}
          name={`options.${index}.name`}
          maxLength={20}
          value={option.name}
          placeholder={t('productEditor.optionNamePlaceholder')}
          onChange={(event) => onChange({ ...option, name: event.target.value })}
          error={errors[`options.${index}.name`]}
          className="field--compact option-card__name"
        />
        <button type="button" className="btn btn--danger btn--small option-card__remove" onClick={onRemove}>
          {t('productEditor.removeOption')}
        </button>
      </div>
      {option.values.length > 0 ? (
        <ul className="option-values" aria-label={t('productEditor.optionValuesOf', { name: option.name || index + 1 })}>
          {option.values.map((value) => (
            <li key={value} className="option-value">
              <span>{value}</span>
              <button
                type="button"
                onClick={() => onChange({ ...option, values: option.values.filter((other) => other !== value) })}
                aria-label={t('productEditor.removeValue', { value })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="option-card__add">
        <Field
          label={t('productEditor.addValueLabel')}
          name={`options.${index}.values`}
          maxLength={200}
          value={option.pending}
          placeholder={t('productEditor.valuePlaceholder')}
          onChange={(event) => onChange({ ...option, pending: event.target.value })}
          onKeyDown={onKeyDown}
          enterKeyHint="done"
          error={valuesError}
          hint={t('productEditor.valueHint')}
          className="field--compact"
        />
        <button
          type="button"
          className="btn btn--secondary btn--small option-card__add-button"
          onClick={add}
          disabled={!option.pending.trim()}
        >
          {t('productEditor.addValue')}
        </button>
      </div>
    </li>
  );
}

function SkuFields({
  comboLabel,
  fieldKey,
  values,
  onChange,
  errors,
  currency,
  stockNote,
}: {
  comboLabel: string;
  fieldKey: string;
  values: SkuValues;
  onChange: (values: SkuValues) => void;
  errors: Errors;
  currency: string;
  /** For a saved product, stock moves on the stock page: the note replaces the input. */
  stockNote?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const symbol = currencySymbol(currency, i18n.language);
  const label = (name: string) => (comboLabel ? `${comboLabel} ${name}` : name);
  return (
    <div className="sku-fields">
      <Field
        label={t('productEditor.price', { symbol })}
        aria-label={label(t('productEditor.priceShort'))}
        name={`sku:${fieldKey}:price`}
        inputMode="decimal"
        autoComplete="off"
        placeholder="0.00"
        value={values.price}
        onChange={(event) => onChange({ ...values, price: event.target.value })}
        error={errors[`sku:${fieldKey}:price`]}
        className="field--compact"
        data-testid="sku-price"
      />
      {stockNote ? (
        <div className="field field--compact sku-fields__stock-note">
          <span className="field__label">{t('productEditor.stock')}</span>
          {stockNote}
        </div>
      ) : (
        <Field
          label={t('productEditor.stock')}
          aria-label={label(t('productEditor.stock'))}
          name={`sku:${fieldKey}:stock`}
          inputMode="numeric"
          autoComplete="off"
          placeholder="0"
          value={values.stock}
          onChange={(event) => onChange({ ...values, stock: event.target.value })}
          error={errors[`sku:${fieldKey}:stock`]}
          className="field--compact"
          data-testid="sku-stock"
        />
      )}
      <Field
        label={t('productEditor.weight')}
        aria-label={label(t('productEditor.weight'))}
        name={`sku:${fieldKey}:weight`}
        inputMode="numeric"
        autoComplete="off"
        placeholder="0"
        value={values.weight}
        onChange={(event) => onChange({ ...values, weight: event.target.value })}
        error={errors[`sku:${fieldKey}:weight`]}
        className="field--compact"
        data-testid="sku-weight"
      />
    </div>
  );
}

function BatchFill({ onApply, currency, editStock }: { onApply: (values: SkuValues) => void; currency: string; editStock: boolean }) {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState<SkuValues>(EMPTY_SKU);
  const symbol = currencySymbol(currency, i18n.language);
  return (
    <div className="batch-fill">
      <p className="batch-fill__title">{t('productEditor.batchTitle')}</p>
      <div className="sku-fields">
        <Field
          label={t('productEditor.price', { symbol })}
          name="batch-price"
          inputMode="decimal"
          autoComplete="off"
          value={values.price}
          onChange={(event) => setValues({ ...values, price: event.target.value })}
          className="field--compact"
        />
        {editStock ? (
          <Field
            label={t('productEditor.stock')}
            name="batch-stock"
            inputMode="numeric"
            autoComplete="off"
            value={values.stock}
            onChange={(event) => setValues({ ...values, stock: event.target.value })}
            className="field--compact"
          />
        ) : null}
        <Field
          label={t('productEditor.weight')}
          name="batch-weight"
          inputMode="numeric"
          autoComplete="off"
          value={values.weight}
          onChange={(event) => setValues({ ...values, weight: event.target.value })}
          className="field--compact"
        />
      </div>
      <button
        type="button"
        className="btn btn--secondary btn--small"
        onClick={() => onApply(values)}
        disabled={!values.price && !values.stock && !values.weight}
      >
        {t('productEditor.applyToAll')}
      </button>
    </div>
  );
}

/** Shows photos picked for a product not yet saved; they upload when it is. */
function LocalPhotos({ photos, onChange }: { photos: LocalPhoto[]; onChange: (photos: LocalPhoto[]) => void }) {
  const latest = useRef(photos);
  latest.current = photos;
  // Object URLs are released when the editor goes away.
  useEffect(
    () => () => {
      for (const photo of latest.current) URL.revokeObjectURL(photo.url);
    },
    [],
  );
  const move = (index: number, delta: number) => {
    const next = [...photos];
    const [moved] = next.splice(index, 1);
    if (moved) next.splice(index + delta, 0, moved);
    onChange(next);
  };
  return (
    <PhotoStrip
      photos={photos.map((photo) => ({ key: photo.key, src: photo.url }))}
      max={MAX_PHOTOS}
      onAdd={(files) => onChange([...photos, ...files.map((file) => ({ key: key('photo'), file, url: URL.createObjectURL(file) }))])}
      onMove={move}
      onRemove={(index) => {
        const removed = photos[index];
        if (removed) URL.revokeObjectURL(removed.url);
        onChange(photos.filter((_, at) => at !== index));
      }}
      testId="photo-input"
    />
  );
}

/** The photos of a saved product: uploads, order and removal take effect at once. */
function LivePhotos({ product }: { product: Product }) {
  const { t } = useTranslation();
  const add = useAddProductImage(product.id);
  const order = useSetImageOrder(product.id);
  const [pending, setPending] = useState<LocalPhoto[]>([]);
  const [error, setError] = useState<string>();
  const ids = product.images.map((image) => image.id);

  const upload = async (files: File[]) => {
    setError(undefined);
    const queued = files.map((file) => ({ key: key('upload'), file, url: URL.createObjectURL(file) }));
    setPending((current) => [...current, ...queued]);
    for (const photo of queued) {
      try {
        await add.mutateAsync(photo.file);
      } catch (failure) {
        setError(errorMessage(t, failure));
      }
      URL.revokeObjectURL(photo.url);
      setPending((current) => current.filter((other) => other.key !== photo.key));
    }
  };

  const reorder = (next: string[]) => {
    setError(undefined);
    order.mutate(next, { onError: (failure) => setError(errorMessage(t, failure)) });
  };

  return (
    <>
      <PhotoStrip
        photos={[
          ...product.images.map((image) => ({ key: image.id, src: image.urls.thumb })),
          ...pending.map((photo) => ({ key: photo.key, src: photo.url, busy: true })),
        ]}
        max={MAX_PHOTOS}
        disabled={order.isPending}
        onAdd={(files) => void upload(files)}
        onMove={(index, delta) => {
          const next = [...ids];
          const [moved] = next.splice(index, 1);
          if (moved) next.splice(index + delta, 0, moved);
          reorder(next);
        }}
        onRemove={(index) => reorder(ids.filter((_, at) => at !== index))}
        testId="photo-input"
      />
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

function skuValuesOf(product: Product | undefined, currency: string): Record<string, SkuValues> {
  const values: Record<string, SkuValues> = {};
  for (const sku of product?.skus ?? []) {
    values[comboKey(sku.options)] = {
      price: minorToDecimal(sku.price_minor, currency),
      stock: String(sku.stock),
      weight: String(sku.weight_g),
    };
  }
  return values;
}

interface Outcome {
  created?: 'draft' | 'active';
  photoFailures?: number;
}

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
  const [confirmDelete, setConfirmDelete] = useState(false);
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

  const submit = async (action: 'draft' | 'publish' | 'save' | ProductStatus) => {
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

  const addOption = (name = '') =>
    setOptions((current) =>
      current.length >= MAX_OPTIONS ? current : [...current, { key: key('option'), name, values: [], pending: '' }],
    );
  const suggestions = t('productEditor.optionSuggestions')
    .split('|')
    .filter((name) => !options.some((option) => option.name.trim() === name));

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

      <section className="card editor-card" aria-labelledby="skus-title">
        <h2 id="skus-title" className="card__title">
          {t('productEditor.skus')}
        </h2>
        <p className="card__hint">{editing ? t('productEditor.skusEditHint') : t('productEditor.skusHint')}</p>
        {editing ? (
          options.length > 0 ? (
            <ul className="option-summary">
              {options.map((option) => (
                <li key={option.key}>
                  <strong>{option.name}</strong>: {option.values.join(t('common.listSeparator'))}
                </li>
              ))}
            </ul>
          ) : null
        ) : (
          <>
            {options.length > 0 ? (
              <ol className="option-cards">
                {options.map((option, index) => (
                  <OptionCard
                    key={option.key}
                    option={option}
                    index={index}
                    errors={errors}
                    onChange={(next) => {
                      setOptions((current) => current.map((other) => (other.key === option.key ? next : other)));
                      clearError(`options.${index}.name`);
                      clearError(`options.${index}.values`);
                      clearError('options');
                    }}
                    onRemove={() => setOptions((current) => current.filter((other) => other.key !== option.key))}
                  />
                ))}
              </ol>
            ) : null}
            {options.length < MAX_OPTIONS ? (
              <div className="option-adders">
                {suggestions.map((name) => (
                  <button key={name} type="button" className="chip" onClick={() => addOption(name)}>
                    + {name}
                  </button>
                ))}
                <button type="button" className="chip" onClick={() => addOption()} data-testid="add-option">
                  + {t('productEditor.customOption')}
                </button>
              </div>
            ) : null}
          </>
        )}
        {errors.options ? (
          <p className="field__error" data-field-error="options" role="alert">
            {errors.options}
          </p>
        ) : null}
        {combos.length > 1 && !tooMany ? <BatchFill onApply={applyToAll} currency={currency} editStock={!editing} /> : null}
        {tooMany ? null : (
          <ul className="sku-rows" aria-label={t('productEditor.skuList')}>
            {combos.map((combo) => {
              const id = comboKey(combo);
              const sku = product?.skus.find((candidate) => comboKey(candidate.options) === id);
              return (
                <li key={id} className="sku-row" data-testid="sku-row" data-combo={combo.join('/')}>
                  {combo.length > 0 ? <p className="sku-row__label">{combo.join(' / ')}</p> : null}
                  <SkuFields
                    comboLabel={combo.join(' / ')}
                    fieldKey={id}
                    values={skuValues[id] ?? EMPTY_SKU}
                    onChange={(values) => setSku(id, values)}
                    errors={errors}
                    currency={currency}
                    stockNote={
                      sku && product ? (
                        <p className="sku-fields__stock">
                          <strong>{sku.stock}</strong>{' '}
                          <Link to={sellerPath(store.id, `products/${product.id}/stock`)}>{t('productEditor.adjustStock')}</Link>
                        </p>
                      ) : undefined
                    }
                  />
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <AttributesEditor
        rows={attributes}
        onChange={(rows) => {
          setAttributes(rows);
          setErrors((current) => Object.fromEntries(Object.entries(current).filter(([param]) => !param.startsWith('attr:'))));
        }}
        errors={errors}
      />

      {product ? (
        <section className="card editor-card" aria-labelledby="product-share-title">
          <h2 id="product-share-title" className="card__title">
            {t('productEditor.share')}
          </h2>
          <p className="card__hint">{product.status === 'active' ? t('productEditor.shareHint') : t('productEditor.shareHintHidden')}</p>
          <QrShare path={`/products/${product.id}/qr`} caption={product.title} testId="product-qr" />
          <div className="product-editor__links">
            <Link to={`/p/${product.id}`} className="btn btn--secondary btn--small">
              {t('productEditor.viewProduct')}
            </Link>
            <Link to={sellerPath(store.id, `products/${product.id}/stock`)} className="btn btn--secondary btn--small">
              {t('productEditor.stockPage')}
            </Link>
          </div>
        </section>
      ) : null}

      {product ? (
        <section className="card editor-card danger-zone" aria-labelledby="danger-title">
          <h2 id="danger-title" className="card__title">
            {t('productEditor.dangerTitle')}
          </h2>
          {product.status === 'active' ? (
            <div className="danger-zone__row">
              <p className="card__hint">{t('productEditor.delistHint')}</p>
              <button type="button" className="btn btn--secondary btn--small" onClick={() => void submit('delisted')} disabled={busy}>
                {t('productEditor.delist')}
              </button>
            </div>
          ) : null}
          <div className="danger-zone__row">
            <p className="card__hint">{t('productEditor.deleteHint')}</p>
            {confirmDelete ? (
              <div className="danger-zone__confirm">
                <button type="button" className="btn btn--danger-solid btn--small" onClick={deleteProduct} disabled={remove.isPending}>
                  {t('productEditor.confirmDelete')}
                </button>
                <button type="button" className="btn btn--secondary btn--small" onClick={() => setConfirmDelete(false)}>
                  {t('common.cancel')}
                </button>
              </div>
            ) : (
              <button type="button" className="btn btn--danger btn--small" onClick={() => setConfirmDelete(true)}>
                {t('productEditor.delete')}
              </button>
            )}
          </div>
        </section>
      ) : null}

      <div className="action-bar">
        <div className="action-bar__buttons action-bar__buttons--two">
          {!product ? (
            <>
              <button
                type="button"
                className="btn btn--secondary"
                onClick={() => void submit('draft')}
                disabled={busy}
                data-testid="save-draft"
              >
                {busy ? t('account.saving') : t('productEditor.saveDraft')}
              </button>
              <button
                type="button"
                className="btn btn--primary"
                onClick={() => void submit('publish')}
                disabled={busy}
                data-testid="publish"
              >
                {busy ? t('productEditor.publishing') : t('productEditor.publish')}
              </button>
            </>
          ) : product.status === 'active' ? (
            <>
              <Link to={`/p/${product.id}`} className="btn btn--secondary">
                {t('productEditor.viewProduct')}
              </Link>
              <button type="button" className="btn btn--primary" onClick={() => void submit('save')} disabled={busy} data-testid="save">
                {busy ? t('account.saving') : t('productEditor.save')}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="btn btn--secondary" onClick={() => void submit('save')} disabled={busy} data-testid="save">
                {busy ? t('account.saving') : t('productEditor.save')}
              </button>
              <button
                type="button"
                className="btn btn--primary"
                onClick={() => void submit('active')}
                disabled={busy}
                data-testid="publish"
              >
                {product.status === 'draft' ? t('productEditor.saveAndPublish') : t('productEditor.relist')}
              </button>
            </>
          )}
        </div>
      </div>
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
