import type { ResolvedClause } from './query.js';
import { type DocumentValues, facetKey } from './values.js';

export type EngineSort = 'relevance' | 'sales' | 'price_asc' | 'price_desc' | 'newest';

/** How a window's rows are ordered into pages. */
export interface PageQuery {
  /** The clauses matched, for the text part of relevance. */
  clauses: readonly ResolvedClause[];
  sort: EngineSort;
  currency: string;
  /** Categories the query names (手机): their products rank higher. */
  intent: readonly string[];
  offset: number;
  limit: number;
}

export interface FacetGroup {
  category_id: string;
  store_type: string;
  step: number;
  n: number;
}

/** How much more a product in the category the query names counts. */
export const INTENT_BOOST = 1.5;
/** A sold-out product still shows, below those a buyer can order now. */
const SOLD_OUT_FACTOR = 0.5;
/** Title length (in tokens) that halves the text score's title part. */
const TITLE_LENGTH_SCALE = 200;

/**
 * Relevance (decision 0007): each clause found in the title (one of its alternatives as whole
 * tokens) adds to the text score, a long title takes a little away; times a quality factor
 * growing with the log of sales; halved when sold out; times INTENT_BOOST in a category the
 * query names.
 */
export function relevance(query: Pick<PageQuery, 'clauses' | 'intent'>): (values: DocumentValues) => number {
  const needles = query.clauses.map((clause) => clause.alternatives.map((phrase) => ` ${phrase.join(' ')} `));
  const intent = new Set(query.intent);
  return (values) => {
    let found = 0;
    for (const alternatives of needles) if (alternatives.some((needle) => values.padded_title.includes(needle))) found += 1;
    const text = (1 + found / needles.length) / (1 + values.title_length / TITLE_LENGTH_SCALE);
    const quality = 1 + 0.25 * Math.log(1 + values.sold_count);
    const stock = values.in_stock === 1 ? 1 : SOLD_OUT_FACTOR;
    return text * quality * stock * (intent.has(values.category_id) ? INTENT_BOOST : 1);
  };
}

/**
 * The sort keys of a row, compared in turn, larger first; the row id (best-selling, then
 * newest) breaks ties. Price sorts put the asked currency's prices before the others'.
 */
function sortKeys(query: PageQuery): { first: (values: DocumentValues) => number; second?: (values: DocumentValues) => number } {
  switch (query.sort) {
    case 'relevance':
      return { first: query.clauses.length === 0 ? (values) => values.doc_rowid : relevance(query) };
    case 'price_asc':
      return { first: (values) => (values.currency === query.currency ? 1 : 0), second: (values) => -values.price_minor };
    case 'price_desc':
      return { first: (values) => (values.currency === query.currency ? 1 : 0), second: (values) => values.price_minor };
    case 'newest':
      return { first: (values) => values.seq };
    default:
      return { first: (values) => values.doc_rowid };
  }
}

/** Pages this deep are picked one by one; deeper ones sort the whole window. */
const PICKED_ROWS = 64;

/** One page of a window, ranked or sorted (the window arrives best-selling first). */
export function pageOf(window: readonly DocumentValues[], query: PageQuery): DocumentValues[] {
  if (query.sort === 'sales') return window.slice(query.offset, query.offset + query.limit);
  const keys = sortKeys(query);
  const first = Float64Array.from(window, keys.first);
  const second = keys.second ? Float64Array.from(window, keys.second) : new Float64Array(window.length);
  const before = (left: number, right: number) =>
    (first[left] as number) - (first[right] as number) ||
    (second[left] as number) - (second[right] as number) ||
    (window[left] as DocumentValues).doc_rowid - (window[right] as DocumentValues).doc_rowid;
  const wanted = Math.min(window.length, query.offset + query.limit);
  let order: number[];
  if (wanted > PICKED_ROWS) {
    order = Array.from(window, (_, index) => index).sort((left, right) => before(right, left));
  } else {
    // The best `wanted` rows, kept in order: most rows fail against the last of them at once.
    order = [];
    for (let index = 0; index < window.length; index += 1) {
      if (order.length === wanted && before(index, order[wanted - 1] as number) <= 0) continue;
      let at = order.length === wanted ? wanted - 1 : order.length;
      while (at > 0 && before(index, order[at - 1] as number) > 0) at -= 1;
      order.splice(at, 0, index);
      if (order.length > wanted) order.pop();
    }
  }
  return order.slice(query.offset, wanted).map((index) => window[index] as DocumentValues);
}

/** A window's rows counted by category, store type and price step (in `currency`; -1 for others). */
export function facetGroups(window: readonly DocumentValues[], currency: string): FacetGroup[] {
  const groups = new Map<string, FacetGroup>();
  for (const values of window) {
    const same = values.currency === currency;
    const key = same ? values.facet_key : facetKey(values.category_id, values.store_type, -1);
    const group = groups.get(key);
    if (group) group.n += 1;
    else groups.set(key, { category_id: values.category_id, store_type: values.store_type, step: same ? values.price_step : -1, n: 1 });
  }
  return [...groups.values()];
}
