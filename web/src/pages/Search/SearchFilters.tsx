import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { SearchFacets, SearchParams } from '../../api/search.js';
import type { StoreType } from '../../api/types.js';
import { Chevron } from '../../components/Chevron.js';
import { type CategoryTree, categoryName } from '../../lib/categories.js';
import { currencySymbol, formatMoneyShort, fractionDigits, minorToDecimal, parseMoneyInput } from '../../lib/money.js';
import { bucketRange, STORE_TYPES, searchHref, withoutFilters } from '../../lib/search.js';
import { COUNTRIES, countryName } from '../Seller/regions.js';

type Facets = SearchFacets;

export const DEFAULT_CURRENCY = 'CNY';

/** A facet's count; a lower bound ("12+") when the engine stopped counting early. */
function Count({ value, exhaustive }: { value: number; exhaustive: boolean }) {
  const { t } = useTranslation();
  return <span className="filter-count">{exhaustive ? value : t('search.countAbout', { count: value })}</span>;
}

/** The category's ancestors, from the top, then the category itself. */
function pathOf(tree: CategoryTree | undefined, id: string) {
  const path = [];
  let current = tree?.byId(id);
  while (current) {
    path.unshift(current);
    current = current.parent_id ? tree?.byId(current.parent_id) : undefined;
  }
  return path;
}

/**
 * A price range as a label: "¥10 以下", "¥10–20", "¥50 以上". The API's buckets end a
 * fen below the next one (0–999, 1000–1999): such an end is shown as the round number after it.
 */
export function usePriceLabel() {
  const { t, i18n } = useTranslation();
  return (min: number | undefined, max: number | undefined, currency: string) => {
    const unit = 10 ** fractionDigits(currency);
    const money = (minor: number) => formatMoneyShort(minor, currency, i18n.language);
    const upTo = (minor: number) => money((minor + 1) % unit === 0 ? minor + 1 : minor);
    if ((min === undefined || min === 0) && max !== undefined) return t('search.priceUnder', { max: upTo(max) });
    if (max === undefined) return t('search.priceOver', { min: money(min ?? 0) });
    return t('search.priceBetween', { min: money(min ?? 0), max: upTo(max) });
  };
}

/** Minor units as a person would type them: 5000 → "50", 1990 → "19.90". */
function typedPrice(minor: number | undefined, currency: string): string {
  if (minor === undefined) return '';
  const unit = 10 ** fractionDigits(currency);
  return minor % unit === 0 ? String(minor / unit) : minorToDecimal(minor, currency);
}

function FilterGroup({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="filter-group" aria-labelledby={id}>
      <h2 className="filter-group__title" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

function CategoryFilter({ params, facets, tree }: { params: SearchParams; facets: Facets | undefined; tree: CategoryTree | undefined }) {
  const { t, i18n } = useTranslation();
  const path = params.category ? pathOf(tree, params.category) : [];
  const selected = path.at(-1);
  const exhaustive = facets?.exhaustive ?? true;
  return (
    <FilterGroup title={t('search.category')}>
      <ul className="filter-categories" data-testid="category-facets">
        {params.category ? (
          <li>
            <Link to={searchHref({ ...params, category: undefined })} className="filter-category filter-category--up">
              <Chevron className="filter-category__back" />
              {t('search.allCategories')}
            </Link>
          </li>
        ) : null}
        {path.slice(0, -1).map((ancestor) => (
          <li key={ancestor.id}>
            <Link to={searchHref({ ...params, category: ancestor.id })} className="filter-category filter-category--up">
              <Chevron className="filter-category__back" />
              {categoryName(ancestor, i18n.language)}
            </Link>
          </li>
        ))}
        {selected ? (
          <li>
            <span className="filter-category filter-category--current" aria-current="true">
              {categoryName(selected, i18n.language)}
            </span>
          </li>
        ) : null}
        {(facets?.category ?? []).map((facet) => (
          <li key={facet.id}>
            <Link
              to={searchHref({ ...params, category: facet.id })}
              className={`filter-category${selected ? ' filter-category--child' : ''}`}
              data-testid="category-facet"
            >
              <span className="filter-category__name">{categoryName(facet, i18n.language)}</span>
              <Count value={facet.count} exhaustive={exhaustive} />
            </Link>
          </li>
        ))}
      </ul>
    </FilterGroup>
  );
}

function PriceFilter({ params, facets, go }: { params: SearchParams; facets: Facets | undefined; go: (next: SearchParams) => void }) {
  const { t, i18n } = useTranslation();
  const priceLabel = usePriceLabel();
  const currency = params.currency ?? DEFAULT_CURRENCY;
  const symbol = currencySymbol(currency, i18n.language);
  const [min, setMin] = useState(typedPrice(params.price_min, currency));
  const [max, setMax] = useState(typedPrice(params.price_max, currency));
  const [error, setError] = useState<string>();
  const errorId = useId();
  const exhaustive = facets?.exhaustive ?? true;
  const hasPrice = params.price_min !== undefined || params.price_max !== undefined;

  // The inputs follow the address (a bucket picked, a filter removed, the back button).
  useEffect(() => {
    setMin(typedPrice(params.price_min, currency));
    setMax(typedPrice(params.price_max, currency));
    setError(undefined);
  }, [params.price_min, params.price_max, currency]);

  function apply(event: FormEvent) {
    event.preventDefault();
    const low = min.trim() ? parseMoneyInput(min, currency) : undefined;
    const high = max.trim() ? parseMoneyInput(max, currency) : undefined;
    if ((min.trim() && low === undefined) || (max.trim() && high === undefined)) {
      setError(t('search.priceInvalid'));
      return;
    }
    if (low !== undefined && high !== undefined && low > high) {
      setError(t('search.priceOrder'));
      return;
    }
    setError(undefined);
    go({ ...params, price_min: low, price_max: high });
  }

  return (
    <FilterGroup title={t('search.price')}>
      {hasPrice ? (
        // The API counts buckets within the chosen range, so once a range is chosen it stands alone, to be taken off.
        <div className="filter-chips">
          <button
            type="button"
            className="chip filter-chip"
            aria-pressed="true"
            data-testid="price-bucket"
            onClick={() => go({ ...params, price_min: undefined, price_max: undefined })}
          >
            {priceLabel(params.price_min, params.price_max, currency)}
          </button>
        </div>
      ) : facets && facets.price.length > 0 ? (
        <div className="filter-chips">
          {facets.price.map((bucket) => (
            <button
              key={`${bucket.min_minor}-${bucket.max_minor}`}
              type="button"
              className="chip filter-chip"
              aria-pressed="false"
              data-testid="price-bucket"
              onClick={() => go({ ...params, ...bucketRange(bucket) })}
            >
              {priceLabel(bucket.min_minor, bucket.max_minor ?? undefined, currency)}
              <Count value={bucket.count} exhaustive={exhaustive} />
            </button>
          ))}
        </div>
      ) : null}
      <form className="price-range" onSubmit={apply} noValidate>
        <PriceField
          label={t('search.priceMin')}
          symbol={symbol}
          value={min}
          onChange={setMin}
          errorId={error ? errorId : undefined}
          testId="price-min"
        />
        <span className="price-range__dash" aria-hidden="true">
          –
        </span>
        <PriceField
          label={t('search.priceMax')}
          symbol={symbol}
          value={max}
          onChange={setMax}
          errorId={error ? errorId : undefined}
          testId="price-max"
        />
        <button type="submit" className="btn btn--secondary btn--small price-range__apply">
          {t('search.priceApply')}
        </button>
      </form>
      {error ? (
        <p className="field__error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </FilterGroup>
  );
}

function StoreTypeFilter({ params, facets, go }: { params: SearchParams; facets: Facets | undefined; go: (next: SearchParams) => void }) {
  const { t } = useTranslation();
  const counts = new Map(facets?.store_type.map((facet) => [facet.value, facet.count]));
  // Before the first answer every type is offered; after it, those that have products, and the chosen one.
  const types = STORE_TYPES.filter((type) => !facets || counts.has(type) || params.store_type === type);
  if (types.length === 0) return null;
  const exhaustive = facets?.exhaustive ?? true;
  return (
    <FilterGroup title={t('search.storeType')}>
      <div className="filter-chips">
        {types.map((type: StoreType) => {
          const selected = params.store_type === type;
          const count = counts.get(type);
          return (
            <button
              key={type}
              type="button"
              className="chip filter-chip"
              aria-pressed={selected}
              onClick={() => go({ ...params, store_type: selected ? undefined : type })}
            >
              {t(`storeTypes.${type}.name`)}
              {count !== undefined ? <Count value={count} exhaustive={exhaustive} /> : null}
            </button>
          );
        })}
      </div>
    </FilterGroup>
  );
}

function ShipsToFilter({ params, go }: { params: SearchParams; go: (next: SearchParams) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const codes: string[] = [...COUNTRIES];
  if (params.ships_to && !codes.includes(params.ships_to)) codes.unshift(params.ships_to);
  return (
    <section className="filter-group">
      <label className="filter-group__title" htmlFor={id}>
        {t('search.shipsTo')}
      </label>
      <select
        id={id}
        className="field__input field__select filter-select"
        value={params.ships_to ?? ''}
        onChange={(event) => go({ ...params, ships_to: event.target.value || undefined })}
      >
        <option value="">{t('search.shipsToAny')}</option>
        {codes.map((code) => (
          <option key={code} value={code}>
            {countryName(code, i18n.language)}
          </option>
        ))}
      </select>
    </section>
  );
}

function InStockFilter({ params, go }: { params: SearchParams; go: (next: SearchParams) => void }) {
  const { t } = useTranslation();
  return (
    <section className="filter-group filter-group--inline">
      <label className="switch">
        <span className="switch__label">{t('search.inStock')}</span>
        <input
          type="checkbox"
          role="switch"
          className="switch__input"
          checked={params.in_stock === true}
          aria-checked={params.in_stock === true}
          onChange={(event) => go({ ...params, in_stock: event.target.checked || undefined })}
        />
        <span className="switch__track" aria-hidden="true" />
      </label>
    </section>
  );
}

/** Every filter, for the desktop column and the phone's sheet alike. Each change goes into the address at once. */
export function FilterPanel({
  params,
  facets,
  tree,
}: {
  params: SearchParams;
  facets: Facets | undefined;
  tree: CategoryTree | undefined;
}) {
  const navigate = useNavigate();
  const go = (next: SearchParams) => void navigate(searchHref(next));
  return (
    <div className="filter-panel">
      <InStockFilter params={params} go={go} />
      <CategoryFilter params={params} facets={facets} tree={tree} />
      <PriceFilter params={params} facets={facets} go={go} />
      <StoreTypeFilter params={params} facets={facets} go={go} />
      <ShipsToFilter params={params} go={go} />
    </div>
  );
}

/** The filters in effect, each removable with a tap, and "clear filters". */
export function ActiveFilters({ params, tree }: { params: SearchParams; tree: CategoryTree | undefined }) {
  const { t, i18n } = useTranslation();
  const priceLabel = usePriceLabel();
  const chips: { key: string; label: string; without: Partial<SearchParams> }[] = [];
  if (params.category) {
    const category = tree?.byId(params.category);
    chips.push({
      key: 'category',
      label: category ? categoryName(category, i18n.language) : t('search.category'),
      without: { category: undefined },
    });
  }
  if (params.price_min !== undefined || params.price_max !== undefined) {
    chips.push({
      key: 'price',
      label: priceLabel(params.price_min, params.price_max, params.currency ?? DEFAULT_CURRENCY),
      without: { price_min: undefined, price_max: undefined },
    });
  }
  if (params.store_type)
    chips.push({ key: 'store_type', label: t(`storeTypes.${params.store_type}.name`), without: { store_type: undefined } });
  if (params.ships_to) {
    chips.push({
      key: 'ships_to',
      label: t('search.shipsToName', { name: countryName(params.ships_to, i18n.language) }),
      without: { ships_to: undefined },
    });
  }
  if (params.in_stock) chips.push({ key: 'in_stock', label: t('search.inStockChip'), without: { in_stock: undefined } });
  if (chips.length === 0) return null;
  return (
    <ul className="active-filters" aria-label={t('search.activeFilters')} data-testid="active-filters">
      {chips.map((chip) => (
        <li key={chip.key}>
          <Link
            to={searchHref({ ...params, ...chip.without })}
            className="active-filter"
            aria-label={t('search.removeFilter', { name: chip.label })}
          >
            <span>{chip.label}</span>
            <svg
              aria-hidden="true"
              viewBox="0 0 16 16"
              width="14"
              height="14"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.8"
              strokeLinecap="round"
            >
              <path d="m4 4 8 8M12 4l-8 8" />
            </svg>
          </Link>
        </li>
      ))}
      {chips.length > 1 ? (
        <li>
          <Link to={searchHref(withoutFilters(params))} className="active-filters__clear">
            {t('search.clearFilters')}
          </Link>
        </li>
      ) : null}
    </ul>
  );
}

/**
 * The phone's filters: a bottom sheet over the results (a modal <dialog>, so Escape and
 * the back gesture close it and focus stays inside). Changes apply as they are made; the
 * footer says how many products the filters leave.
 */
export function FilterSheet({
  open,
  onClose,
  footer,
  children,
}: {
  open: boolean;
  onClose: () => void;
  footer: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a tap on the backdrop closes; the keyboard has Escape and the Done button
    <dialog
      ref={dialog}
      className="sheet"
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      data-testid="filter-sheet"
    >
      <div className="sheet__header">
        <h2 id={titleId} className="sheet__title">
          {t('search.filters')}
        </h2>
        <button type="button" className="sheet__done" onClick={onClose}>
          {t('search.done')}
        </button>
      </div>
      <div className="sheet__body">{children}</div>
      <div className="sheet__footer">{footer}</div>
    </dialog>
  );
}

/** One bound of the custom price range, in major units with the currency's symbol before it. */
function PriceField(props: {
  label: string;
  symbol: string;
  value: string;
  onChange: (value: string) => void;
  errorId: string | undefined;
  testId: string;
}) {
  return (
    <span className="price-range__field">
      <span className="price-range__symbol" aria-hidden="true">
        {props.symbol}
      </span>
      <input
        className="price-range__input"
        inputMode="decimal"
        aria-label={`${props.label} (${props.symbol})`}
        placeholder={props.label}
        value={props.value}
        aria-invalid={props.errorId ? true : undefined}
        aria-describedby={props.errorId}
        onChange={(event) => props.onChange(event.target.value)}
        data-testid={props.testId}
      />
    </span>
  );
}
