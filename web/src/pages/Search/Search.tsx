import type { TFunction } from 'i18next';
import { Fragment, type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCategories } from '../../api/catalog.js';
import { isApiError } from '../../api/client.js';
import { type HighlightRun, type SearchAnswer, type SearchParams, type SearchSort, useSearch } from '../../api/search.js';
import { EmptyState, LoadMore, ProductTile } from '../../components/ProductGrid/ProductGrid.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { useMediaQuery } from '../../components/useMediaQuery.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { type CategoryTree, categoryName, categoryTree } from '../../lib/categories.js';
import { activeFilterCount, readSearchParams, searchHref, withoutFilters } from '../../lib/search.js';
import { ActiveFilters, FilterPanel, FilterSheet } from './SearchFilters.js';
import './Search.css';

/** Wide enough for the filters to stand as a column beside the results. */
const DESKTOP = '(min-width: 900px)';

/** The title with what the query matched in <mark>, built from the API's runs as text (never as HTML). */
function HighlightedTitle({ runs, title }: { runs: readonly HighlightRun[] | undefined; title: string }) {
  if (!runs || runs.length === 0) return <>{title}</>;
  let offset = 0;
  return (
    <>
      {runs.map((run) => {
        const key = offset;
        offset += run.text.length;
        return run.match ? <mark key={key}>{run.text}</mark> : <Fragment key={key}>{run.text}</Fragment>;
      })}
    </>
  );
}

function PriceArrows({ direction }: { direction: 'asc' | 'desc' | undefined }) {
  return (
    <svg aria-hidden="true" className="sort-tab__arrows" viewBox="0 0 10 16" width="9" height="14" fill="currentColor">
      <path d="M5 1 9 6H1z" opacity={direction === 'asc' ? 1 : 0.3} />
      <path d="M5 15 1 10h8z" opacity={direction === 'desc' ? 1 : 0.3} />
    </svg>
  );
}

/** 综合 / 销量 / 价格 ↑↓ / 新品: links, so each order is an address of its own. Price flips between low-high and high-low. */
function SortTabs({ params }: { params: SearchParams }) {
  const { t } = useTranslation();
  const current: SearchSort = params.sort ?? 'relevance';
  const to = (sort: SearchSort) => searchHref({ ...params, sort: sort === 'relevance' ? undefined : sort });
  const tab = (sort: SearchSort) => ({
    className: `sort-tab${current === sort ? ' sort-tab--active' : ''}`,
    'aria-current': current === sort ? ('true' as const) : undefined,
  });
  const priceActive = current === 'price_asc' || current === 'price_desc';
  return (
    <nav className="sort-tabs" aria-label={t('search.sortLabel')} data-testid="sort-tabs">
      <Link to={to('relevance')} {...tab('relevance')}>
        {t('search.sort.relevance')}
      </Link>
      <Link to={to('sales')} {...tab('sales')}>
        {t('search.sort.sales')}
      </Link>
      <Link
        to={to(current === 'price_asc' ? 'price_desc' : 'price_asc')}
        className={`sort-tab${priceActive ? ' sort-tab--active' : ''}`}
        aria-current={priceActive ? 'true' : undefined}
        aria-label={priceActive ? t(`search.sort.${current}`) : t('search.sort.price')}
        data-testid="sort-price"
      >
        {t('search.sort.price')}
        <PriceArrows direction={current === 'price_asc' ? 'asc' : current === 'price_desc' ? 'desc' : undefined} />
      </Link>
      <Link to={to('newest')} {...tab('newest')}>
        {t('search.sort.newest')}
      </Link>
    </nav>
  );
}

function FilterIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
    >
      <path d="M4 6h16M7 12h10M10 18h4" />
    </svg>
  );
}

function totalText(t: TFunction, total: NonNullable<SearchAnswer['total']>): string {
  return total.exact ? t('search.total', { count: total.value }) : t('search.totalAbout', { count: total.value });
}

/** "Showing results for iphone case" when words that matched nothing were read as near words. */
function Corrections({ query }: { query: SearchAnswer['query'] }) {
  const { t } = useTranslation();
  if (query.corrections.length === 0) return null;
  let corrected = query.text;
  for (const { from, to } of query.corrections) corrected = corrected.split(from).join(to);
  return (
    <div className="search-corrections" data-testid="search-corrections">
      <p>
        {t('search.showingFor')} <strong>{corrected}</strong>
      </p>
      <p className="search-corrections__original">
        {t('search.noMatchFor', { words: query.corrections.map((correction) => correction.from).join(t('common.listSeparator')) })}
      </p>
    </div>
  );
}

/** Which URL parameters an API complaint is about, and what to call them. */
function invalidParam(param: string): {
  name: 'q' | 'category' | 'price' | 'store_type' | 'ships_to' | 'other';
  without: Partial<SearchParams>;
} {
  if (param === 'category') return { name: 'category', without: { category: undefined } };
  if (param.startsWith('price') || param === 'currency')
    return { name: 'price', without: { price_min: undefined, price_max: undefined, currency: undefined } };
  if (param === 'store_type') return { name: 'store_type', without: { store_type: undefined } };
  if (param === 'ships_to') return { name: 'ships_to', without: { ships_to: undefined } };
  if (param === 'q') return { name: 'q', without: { q: undefined } };
  return { name: 'other', without: {} };
}

function SearchError({ error, params, onRetry }: { error: unknown; params: SearchParams; onRetry: () => void }) {
  const { t } = useTranslation();
  if (isApiError(error) && error.code === 'validation_failed' && error.param) {
    const { name, without } = invalidParam(error.param);
    return (
      <div className="alert alert--error" role="alert" data-testid="search-invalid">
        <p>{t('search.invalidParam', { name: t(`search.paramNames.${name}`) })}</p>
        <Link to={name === 'other' ? '/search' : searchHref({ ...params, ...without })} className="btn btn--secondary btn--small">
          {t('search.removeInvalid')}
        </Link>
      </div>
    );
  }
  return <LoadError error={error} onRetry={onRetry} />;
}

function SearchResults({ params, tree, heading }: { params: SearchParams; tree: CategoryTree | undefined; heading: string }) {
  const { t } = useTranslation();
  const results = useSearch(params);
  const desktop = useMediaQuery(DESKTOP);
  const [sheetOpen, setSheetOpen] = useState(false);
  // A failed "load more" keeps the pages already shown; only a failed first page replaces them.
  const failed = results.isError && !results.isFetchNextPageError;
  const first = failed ? undefined : results.data?.pages[0];
  const facets = first?.facets ?? undefined;
  const total = first?.total ?? undefined;
  const filters = activeFilterCount(params);
  const hits = results.data?.pages.flatMap((page) => page.items) ?? [];
  const stale = results.isPlaceholderData;
  // Nothing found: no order to choose, no count to give (the empty state says it), filters only to take off.
  const nothing = !results.isPending && !failed && hits.length === 0;

  let body: ReactNode;
  if (results.isPending) body = <PageLoading />;
  else if (failed) body = <SearchError error={results.error} params={params} onRetry={() => void results.refetch()} />;
  else if (hits.length === 0) {
    body = (
      <EmptyState
        title={params.q ? t('search.emptyTitle', { q: params.q }) : t('search.emptyTitleFiltered')}
        text={filters > 0 ? t('search.emptyTextFiltered') : t('search.emptyText')}
      >
        {filters > 0 ? (
          <Link to={searchHref(withoutFilters(params))} className="btn btn--secondary btn--small">
            {t('search.clearFilters')}
          </Link>
        ) : (
          <Link to="/c" className="btn btn--secondary btn--small">
            {t('search.browseCategories')}
          </Link>
        )}
      </EmptyState>
    );
  } else {
    body = (
      <>
        <ul className="product-grid search-grid" aria-label={t('search.results')} data-testid="search-results">
          {hits.map((hit) => (
            <ProductTile
              key={hit.product.id}
              card={hit.product}
              storeName={hit.store.name}
              title={<HighlightedTitle runs={hit.title_highlight} title={hit.product.title} />}
            />
          ))}
        </ul>
        {results.isFetchNextPageError ? <LoadError error={results.error} onRetry={() => void results.fetchNextPage()} /> : null}
        {results.hasNextPage && !stale && !results.isFetchNextPageError ? (
          <LoadMore onClick={() => void results.fetchNextPage()} loading={results.isFetchingNextPage} />
        ) : null}
      </>
    );
  }

  return (
    <div
      className={`search-page${stale ? ' search-page--stale' : ''}`}
      aria-busy={stale || results.isPending || undefined}
      data-testid="search-page"
    >
      <header className="search-page__header">
        <h1 className="search-page__title">{heading}</h1>
        {total && !nothing ? (
          <p className="search-page__total" data-testid="search-total">
            {totalText(t, total)}
          </p>
        ) : null}
      </header>
      {first ? <Corrections query={first.query} /> : null}
      <div className="search-layout">
        {desktop ? (
          <aside className="search-layout__filters" aria-label={t('search.filtersLabel')}>
            <FilterPanel params={params} facets={facets} tree={tree} />
          </aside>
        ) : null}
        <div className="search-layout__results">
          {nothing && (desktop || filters === 0) ? null : (
            <div className="search-toolbar">
              {nothing ? <span /> : <SortTabs params={params} />}
              {desktop ? null : (
                <button
                  type="button"
                  className={`search-toolbar__filters${filters > 0 ? ' search-toolbar__filters--active' : ''}`}
                  aria-haspopup="dialog"
                  onClick={() => setSheetOpen(true)}
                  data-testid="open-filters"
                >
                  <FilterIcon />
                  {t('search.filters')}
                  {filters > 0 ? <span className="search-toolbar__badge">{filters}</span> : null}
                </button>
              )}
            </div>
          )}
          <ActiveFilters params={params} tree={tree} />
          <div className={`search-results${stale ? ' search-results--stale' : ''}`}>
            {stale ? (
              <p className="visually-hidden" role="status">
                {t('search.updating')}
              </p>
            ) : null}
            {body}
          </div>
        </div>
      </div>
      {desktop ? null : (
        <FilterSheet
          open={sheetOpen}
          onClose={() => setSheetOpen(false)}
          footer={
            <>
              {filters > 0 ? (
                <Link to={searchHref(withoutFilters(params))} className="btn btn--secondary">
                  {t('search.clearFilters')}
                </Link>
              ) : null}
              <button type="button" className="btn btn--primary" onClick={() => setSheetOpen(false)} data-testid="show-results">
                {total
                  ? total.exact
                    ? t('search.showResultsCount', { count: total.value })
                    : t('search.showResultsAbout', { count: total.value })
                  : t('search.showResults')}
              </button>
            </>
          }
        >
          <FilterPanel params={params} facets={facets} tree={tree} />
        </FilterSheet>
      )}
    </div>
  );
}

/**
 * /search: everything it shows comes from the address (q, category, price_min, price_max,
 * currency, store_type, ships_to, in_stock, sort), so a search can be shared, bookmarked
 * and gone back to. "Load more" asks for the next page with the API's cursor.
 */
export function SearchPage() {
  const { t, i18n } = useTranslation();
  const [searchParams] = useSearchParams();
  const params = useMemo(() => readSearchParams(searchParams), [searchParams]);
  const categories = useCategories();
  const tree = useMemo(() => (categories.data ? categoryTree(categories.data) : undefined), [categories.data]);
  const category = params.category ? tree?.byId(params.category) : undefined;
  const searching = Boolean(params.q) || activeFilterCount(params) > 0;
  const heading = params.q
    ? t('search.heading', { q: params.q })
    : category
      ? categoryName(category, i18n.language)
      : t('search.allProducts');
  usePageTitle(params.q ? t('search.titleFor', { q: params.q }) : searching ? heading : t('search.title'));

  if (!searching) {
    return (
      <div className="search-page">
        <EmptyState title={t('search.promptTitle')} text={t('search.promptText')}>
          <Link to="/c" className="btn btn--secondary btn--small">
            {t('search.browseCategories')}
          </Link>
        </EmptyState>
      </div>
    );
  }
  return <SearchResults params={params} tree={tree} heading={heading} />;
}
