import { type CSSProperties, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useProducts } from '../../api/catalog.js';
import { type StorefrontInput, usePublishStorefront, useSaveStorefront, useUploadStoreImage } from '../../api/stores.js';
import type { ImageView, ProductCard, StorefrontLayout } from '../../api/types.js';
import { Field, TextAreaField } from '../../components/Field.js';
import { focusFirstInvalid, routeParamError } from '../../components/forms.js';
import { ImagePicker } from '../../components/ImagePicker.js';
import { PhotoPlaceholder } from '../../components/ProductGrid/ProductGrid.js';
import { FormAlert } from '../../components/Status.js';
import { StoreLogo } from '../../components/StoreLogo.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { errorMessage } from '../../i18n/index.js';
import { THEME_SWATCHES, themeVariables } from '../../lib/colour.js';
import { sellerPath, useSellerStore } from './context.js';

const MAX_SECTIONS = 6;
const MAX_SECTION_PRODUCTS = 12;

interface SectionState {
  key: string;
  title: string;
  product_ids: string[];
}

interface EditorState {
  theme_color: string;
  announcement: string;
  logo: ImageView | null;
  banner: ImageView | null;
  sections: SectionState[];
}

let sectionCounter = 0;
const newKey = () => `section-${++sectionCounter}`;

function fromLayout(layout: StorefrontLayout): EditorState {
  return {
    theme_color: layout.theme_color,
    announcement: layout.announcement,
    logo: layout.logo,
    banner: layout.banner,
    sections: layout.sections.map((section) => ({ key: newKey(), title: section.title, product_ids: [...section.product_ids] })),
  };
}

function toInput(state: EditorState): StorefrontInput {
  return {
    theme_color: state.theme_color,
    announcement: state.announcement.trim(),
    logo_image_id: state.logo?.id ?? null,
    banner_image_id: state.banner?.id ?? null,
    sections: state.sections.map((section) => ({ title: section.title.trim(), product_ids: section.product_ids })),
  };
}

function layoutInput(layout: StorefrontLayout): StorefrontInput {
  return {
    theme_color: layout.theme_color,
    announcement: layout.announcement,
    logo_image_id: layout.logo_image_id,
    banner_image_id: layout.banner_image_id,
    sections: layout.sections,
  };
}

function ThemePicker({ value, onChange }: { value: string; onChange: (colour: string) => void }) {
  const { t } = useTranslation();
  const customId = useId();
  const custom = !THEME_SWATCHES.includes(value as (typeof THEME_SWATCHES)[number]);
  return (
    <fieldset className="theme-picker">
      <legend className="field__label">{t('storefrontEditor.theme')}</legend>
      <div className="theme-picker__swatches">
        {THEME_SWATCHES.map((colour) => (
          <button
            key={colour}
            type="button"
            className="swatch"
            style={{ '--swatch': colour } as CSSProperties}
            aria-pressed={value === colour}
            aria-label={t('storefrontEditor.colour', { colour })}
            title={colour}
            onClick={() => onChange(colour)}
            data-colour={colour}
          />
        ))}
        <label
          className={`swatch swatch--custom${custom ? ' swatch--custom-on' : ''}`}
          htmlFor={customId}
          title={t('storefrontEditor.customColour')}
        >
          <input
            id={customId}
            type="color"
            value={value}
            onChange={(event) => onChange(event.target.value)}
            aria-label={t('storefrontEditor.customColour')}
          />
        </label>
      </div>
      <p className="field__hint">
        {t('storefrontEditor.themeHint')} <code>{value}</code>
      </p>
    </fieldset>
  );
}

function StoreImageField({
  purpose,
  image,
  onChange,
  error,
  storeId,
  storeName,
  theme,
}: {
  purpose: 'logo' | 'banner';
  image: ImageView | null;
  onChange: (image: ImageView | null) => void;
  error?: string | undefined;
  storeId: string;
  storeName: string;
  theme: string;
}) {
  const { t } = useTranslation();
  const upload = useUploadStoreImage(storeId);
  const [local, setLocal] = useState<string>();
  const [uploadError, setUploadError] = useState<string>();
  const hintId = useId();

  useEffect(() => () => (local ? URL.revokeObjectURL(local) : undefined), [local]);

  const pick = ([file]: File[]) => {
    if (!file) return;
    setUploadError(undefined);
    setLocal(URL.createObjectURL(file));
    upload.mutate(
      { file, purpose },
      {
        onSuccess: (uploaded) => {
          onChange(uploaded);
          setLocal(undefined);
        },
        onError: (failure) => {
          setUploadError(errorMessage(t, failure));
          setLocal(undefined);
        },
      },
    );
  };

  const shown = local ?? (image ? (purpose === 'logo' ? image.urls.thumb : image.urls.medium) : undefined);
  const message = uploadError ?? error;
  return (
    <div className={`store-image store-image--${purpose}${message ? ' field--invalid' : ''}`} data-testid={`${purpose}-field`}>
      <span className="field__label">{t(`storefrontEditor.${purpose}`)}</span>
      <div className="store-image__row">
        <div className={`store-image__preview${upload.isPending ? ' store-image__preview--busy' : ''}`}>
          {shown ? (
            <img src={shown} alt={t(`storefrontEditor.${purpose}Preview`)} data-testid={`${purpose}-preview`} />
          ) : purpose === 'logo' ? (
            <StoreLogo name={storeName} logo={null} color={theme} size={72} />
          ) : (
            <PhotoPlaceholder />
          )}
          {upload.isPending ? <span className="spinner store-image__spinner" aria-hidden="true" /> : null}
        </div>
        <div className="store-image__actions">
          <ImagePicker
            label={image ? t('storefrontEditor.change') : t('storefrontEditor.upload')}
            onPick={pick}
            disabled={upload.isPending}
            testId={`${purpose}-input`}
            describedBy={hintId}
          />
          {image && !upload.isPending ? (
            <button type="button" className="btn btn--secondary btn--small" onClick={() => onChange(null)}>
              {t('storefrontEditor.remove')}
            </button>
          ) : null}
        </div>
      </div>
      <p className="field__hint" id={hintId}>
        {upload.isPending ? t('storefrontEditor.uploading') : t(`storefrontEditor.${purpose}Hint`)}
      </p>
      {message ? (
        <p className="field__error" role="alert" data-field-error={purpose}>
          {message}
        </p>
      ) : null}
    </div>
  );
}

function SectionEditor({
  section,
  index,
  count,
  products,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  section: SectionState;
  index: number;
  count: number;
  products: readonly ProductCard[];
  errors: Record<string, string>;
  onChange: (section: SectionState) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const [picking, setPicking] = useState(section.product_ids.length === 0);
  const byId = new Map(products.map((product) => [product.id, product]));
  const productError = Object.entries(errors).find(([param]) => param.startsWith(`sections.${index}.product_ids`))?.[1];
  const toggle = (id: string) => {
    const has = section.product_ids.includes(id);
    if (!has && section.product_ids.length >= MAX_SECTION_PRODUCTS) return;
    onChange({ ...section, product_ids: has ? section.product_ids.filter((other) => other !== id) : [...section.product_ids, id] });
  };
  return (
    <li className="section-editor" data-testid="section-editor">
      <div className="section-editor__head">
        <span className="section-editor__number">{index + 1}</span>
        <Field
          label={t('storefrontEditor.sectionTitle')}
          name={`sections.${index}.title`}
          maxLength={40}
          value={section.title}
          placeholder={t('storefrontEditor.sectionTitlePlaceholder')}
          onChange={(event) => onChange({ ...section, title: event.target.value })}
          error={errors[`sections.${index}.title`]}
          className="section-editor__title"
        />
      </div>
      <div className="section-editor__tools">
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={() => onMove(-1)}
          disabled={index === 0}
          aria-label={t('storefrontEditor.moveUp')}
        >
          ↑
        </button>
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={() => onMove(1)}
          disabled={index === count - 1}
          aria-label={t('storefrontEditor.moveDown')}
        >
          ↓
        </button>
        <button type="button" className="btn btn--danger btn--small" onClick={onRemove}>
          {t('storefrontEditor.removeSection')}
        </button>
      </div>
      {section.product_ids.length > 0 && !picking ? (
        <ol className="picked-products">
          {section.product_ids.map((id) => {
            const product = byId.get(id);
            return (
              <li key={id} className="picked-product">
                {product?.image ? <img src={product.image.thumb} alt="" /> : <PhotoPlaceholder className="picked-product__placeholder" />}
                <span className="picked-product__title">{product?.title ?? id}</span>
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => toggle(id)}
                  aria-label={t('storefrontEditor.removeProduct', { title: product?.title ?? id })}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ol>
      ) : null}
      {productError ? (
        <p className="field__error" data-field-error={`sections.${index}.product_ids`}>
          {productError}
        </p>
      ) : null}
      <button
        type="button"
        className="btn btn--secondary btn--small section-editor__pick"
        aria-expanded={picking}
        onClick={() => setPicking((open) => !open)}
      >
        {picking
          ? t('storefrontEditor.donePicking')
          : t('storefrontEditor.pickProducts', { count: section.product_ids.length, max: MAX_SECTION_PRODUCTS })}
      </button>
      {picking ? (
        products.length === 0 ? (
          <p className="field__hint">{t('storefrontEditor.noProductsYet')}</p>
        ) : (
          <ul className="product-checklist">
            {products.map((product) => {
              const checked = section.product_ids.includes(product.id);
              return (
                <li key={product.id}>
                  <label className={`product-check${checked ? ' product-check--on' : ''}`}>
                    <input
                      type="checkbox"
                      checked={checked}
                      disabled={!checked && section.product_ids.length >= MAX_SECTION_PRODUCTS}
                      onChange={() => toggle(product.id)}
                    />
                    {product.image ? (
                      <img src={product.image.thumb} alt="" />
                    ) : (
                      <PhotoPlaceholder className="picked-product__placeholder" />
                    )}
                    <span className="product-check__title">{product.title}</span>
                    {product.status !== 'active' ? (
                      <span className="badge badge--muted">{t(`productStatus.${product.status}`)}</span>
                    ) : null}
                  </label>
                </li>
              );
            })}
          </ul>
        )
      ) : null}
    </li>
  );
}

export function StorefrontEditor() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { store } = useSellerStore();
  const draft = store.storefront_draft ?? store.storefront;
  const [state, setState] = useState<EditorState>(() => fromLayout(draft));
  const [baseline, setBaseline] = useState(() => JSON.stringify(toInput(fromLayout(draft))));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [status, setStatus] = useState<'saved' | 'published' | undefined>();
  const products = useProducts({ store_id: store.id }, 100);
  const save = useSaveStorefront(store.id);
  const publish = usePublishStorefront(store.id);
  const pageRef = useRef<HTMLDivElement>(null);
  usePageTitle(`${t('seller.nav.storefront')} · ${store.name}`);

  const input = toInput(state);
  const dirty = JSON.stringify(input) !== baseline;
  const unpublished = !store.published_at || JSON.stringify(layoutInput(draft)) !== JSON.stringify(layoutInput(store.storefront));
  const productCards = useMemo(() => products.data?.pages.flatMap((page) => page.data) ?? [], [products.data]);
  const busy = save.isPending || publish.isPending;

  const update = (changes: Partial<EditorState>) => {
    setState((current) => ({ ...current, ...changes }));
    setStatus(undefined);
  };

  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    state.sections.forEach((section, index) => {
      if (!section.title.trim()) found[`sections.${index}.title`] = t('validation.required');
    });
    return found;
  };

  /** Saves the draft if it changed; resolves false when saving failed. */
  const saveDraft = async (): Promise<boolean> => {
    setFormError(undefined);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid(pageRef.current);
      return false;
    }
    if (!dirty) return true;
    try {
      await save.mutateAsync(input);
      setBaseline(JSON.stringify(input));
      return true;
    } catch (error) {
      const routed = routeParamError(
        t,
        error,
        (param) =>
          param === 'announcement' ||
          param.startsWith('sections.') ||
          param === 'storefront.logo_image_id' ||
          param === 'storefront.banner_image_id',
      );
      const fieldErrors = { ...routed.fieldErrors };
      if (fieldErrors['storefront.logo_image_id']) fieldErrors.logo = fieldErrors['storefront.logo_image_id'];
      if (fieldErrors['storefront.banner_image_id']) fieldErrors.banner = fieldErrors['storefront.banner_image_id'];
      setErrors(fieldErrors);
      setFormError(routed.formError);
      focusFirstInvalid(pageRef.current);
      return false;
    }
  };

  const onSave = async () => {
    if (await saveDraft()) setStatus('saved');
  };

  const onPreview = async () => {
    if (await saveDraft()) navigate(sellerPath(store.id, 'storefront/preview'));
  };

  const onPublish = async () => {
    if (!(await saveDraft())) return;
    try {
      await publish.mutateAsync();
      setStatus('published');
    } catch (error) {
      setFormError(errorMessage(t, error));
    }
  };

  const moveSection = (index: number, delta: number) => {
    const sections = [...state.sections];
    const [moved] = sections.splice(index, 1);
    if (moved) sections.splice(index + delta, 0, moved);
    update({ sections });
  };

  return (
    <div className="seller-page storefront-editor" ref={pageRef}>
      <header className="seller-page__header">
        <h1>{t('storefrontEditor.title')}</h1>
        <p className="card__hint">{t('storefrontEditor.lead')}</p>
        <p className="storefront-editor__state">
          {unpublished || dirty ? (
            <span className="badge badge--warning">{t('storefrontEditor.unpublished')}</span>
          ) : (
            <span className="badge badge--success">{t('storefrontEditor.upToDate')}</span>
          )}
        </p>
      </header>
      <FormAlert message={formError} />
      {status === 'published' ? (
        <div className="alert alert--info" role="status" data-testid="published-notice">
          <span>{t('storefrontEditor.published')}</span>
          <Link to={`/s/${store.handle}`} className="btn btn--secondary btn--small">
            {t('seller.viewStore')}
          </Link>
        </div>
      ) : null}
      <section
        className="card editor-card"
        aria-labelledby="look-title"
        style={themeVariables(state.theme_color) as unknown as CSSProperties}
      >
        <h2 id="look-title" className="card__title">
          {t('storefrontEditor.look')}
        </h2>
        <ThemePicker value={state.theme_color} onChange={(theme_color) => update({ theme_color })} />
        <StoreImageField
          purpose="logo"
          image={state.logo}
          onChange={(logo) => update({ logo })}
          error={errors.logo}
          storeId={store.id}
          storeName={store.name}
          theme={state.theme_color}
        />
        <StoreImageField
          purpose="banner"
          image={state.banner}
          onChange={(banner) => update({ banner })}
          error={errors.banner}
          storeId={store.id}
          storeName={store.name}
          theme={state.theme_color}
        />
        <TextAreaField
          label={t('storefrontEditor.announcement')}
          name="announcement"
          maxLength={200}
          rows={2}
          showCount
          optional
          className="field--short"
          value={state.announcement}
          placeholder={t('storefrontEditor.announcementPlaceholder')}
          onChange={(event) => update({ announcement: event.target.value.replace(/\n/g, ' ') })}
          hint={t('storefrontEditor.announcementHint')}
          error={errors.announcement}
        />
      </section>
      <section className="card editor-card" aria-labelledby="sections-title">
        <h2 id="sections-title" className="card__title">
          {t('storefrontEditor.sections')}
        </h2>
        <p className="card__hint">{t('storefrontEditor.sectionsHint', { max: MAX_SECTIONS })}</p>
        {state.sections.length > 0 ? (
          <ol className="section-editors">
            {state.sections.map((section, index) => (
              <SectionEditor
                key={section.key}
                section={section}
                index={index}
                count={state.sections.length}
                products={productCards}
                errors={errors}
                onChange={(next) => update({ sections: state.sections.map((other) => (other.key === section.key ? next : other)) })}
                onMove={(delta) => moveSection(index, delta)}
                onRemove={() => update({ sections: state.sections.filter((other) => other.key !== section.key) })}
              />
            ))}
          </ol>
        ) : null}
        <button
          type="button"
          className="btn btn--secondary"
          disabled={state.sections.length >= MAX_SECTIONS}
          onClick={() =>
            update({
              sections: [
                ...state.sections,
                { key: newKey(), title: state.sections.length === 0 ? t('storefrontEditor.defaultSectionTitle') : '', product_ids: [] },
              ],
            })
          }
        >
          + {t('storefrontEditor.addSection')}
        </button>
      </section>
      <div className="action-bar">
        <p className="action-bar__status" role="status">
          {status === 'saved' ? t('storefrontEditor.draftSaved') : ''}
        </p>
        <div className="action-bar__buttons">
          <button type="button" className="btn btn--secondary" onClick={() => void onSave()} disabled={busy}>
            {save.isPending && !publish.isPending ? t('account.saving') : t('storefrontEditor.saveDraft')}
          </button>
          <button type="button" className="btn btn--secondary" onClick={() => void onPreview()} disabled={busy}>
            {t('storefrontEditor.preview')}
          </button>
          <button type="button" className="btn btn--primary" onClick={() => void onPublish()} disabled={busy}>
            {publish.isPending ? t('storefrontEditor.publishing') : t('storefrontEditor.publish')}
          </button>
        </div>
      </div>
    </div>
  );
}
