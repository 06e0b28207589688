import type { PriceFacet, SearchParams, SearchSort } from '../api/search.js';
import type { StoreType } from '../api/types.js';

/**
 * The search page keeps everything in the address: what was typed, the filters and the
 * order. These read the URL's query into the API's parameters and write changes back,
 * dropping what is empty so links stay short and shareable.
 */
export const SORTS: readonly SearchSort[] = ['relevance', 'sales', 'price_asc', 'price_desc', 'newest'];
export const STORE_TYPES: readonly StoreType[] = ['individual', 'brand', 'supplier'];

/** The most a buyer can type; the API refuses more. */
export const MAX_QUERY_LENGTH = 200;

const isSort = (value: string | null): value is SearchSort => value !== null && (SORTS as readonly string[]).includes(value);
const isStoreType = (value: string | null): value is StoreType => value !== null && (STORE_TYPES as readonly string[]).includes(value);

function minorOf(value: string | null): number | undefined {
  if (value === null || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

/** The search the URL describes; parameters the page does not understand are left out. */
export function readSearchParams(search: URLSearchParams): SearchParams {
  const q = search.get('q')?.trim().slice(0, MAX_QUERY_LENGTH) || undefined;
  const sort = search.get('sort');
  const storeType = search.get('store_type');
  const shipsTo = search.get('ships_to')?.toUpperCase();
  const currency = search.get('currency')?.toUpperCase();
  return {
    q,
    category: search.get('category') || undefined,
    price_min: minorOf(search.get('price_min')),
    price_max: minorOf(search.get('price_max')),
    currency: currency && /^[A-Z]{3}$/.test(currency) ? currency : undefined,
    store_type: isStoreType(storeType) ? storeType : undefined,
    ships_to: shipsTo && /^[A-Z]{2}$/.test(shipsTo) ? shipsTo : undefined,
    in_stock: search.get('in_stock') === 'true' ? true : undefined,
    sort: isSort(sort) && sort !== 'relevance' ? sort : undefined,
  };
}

const ORDER: readonly (keyof SearchParams)[] = [
  'q',
  'category',
  'price_min',
  'price_max',
  'currency',
  'store_type',
  'ships_to',
  'in_stock',
  'sort',
];

/** The URL query for a search, in a fixed order, without empty or default values. */
export function searchQueryString(params: SearchParams): string {
  const search = new URLSearchParams();
  for (const key of ORDER) {
    const value = params[key];
    if (value === undefined || value === '' || value === false) continue;
    if (key === 'sort' && value === 'relevance') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The address of a search page. */
export function searchHref(params: SearchParams): string {
  return `/search${searchQueryString(params)}`;
}

/** The same search with some parameters changed (undefined removes one). */
export function withChanges(params: SearchParams, changes: Partial<SearchParams>): SearchParams {
  return { ...params, ...changes };
}

/** How many filters (not the words, not the order) narrow the search. */
export function activeFilterCount(params: SearchParams): number {
  return [
    params.category,
    params.price_min !== undefined || params.price_max !== undefined ? 'price' : undefined,
    params.store_type,
    params.ships_to,
    params.in_stock,
  ].filter(Boolean).length;
}

/** Drops every filter, keeping the words and the order. */
export function withoutFilters(params: SearchParams): SearchParams {
  return { q: params.q, currency: params.currency, sort: params.sort };
}

/** The price filter for a bucket: its lower bound, and its upper bound unless it is open-ended. */
export function bucketRange(bucket: PriceFacet): Pick<SearchParams, 'price_min' | 'price_max'> {
  return { price_min: bucket.min_minor || undefined, price_max: bucket.max_minor ?? undefined };
}
