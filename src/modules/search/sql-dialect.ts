import type { Executor } from '../../kernel/db/database.js';
import type { MatchQuery } from './engine.js';
import { VALUE_COLUMNS, type ValueCache } from './values.js';

// What the two engines' SQL shares (engine.ts): the shape of a dialect and the conditions
// checked on the document row.

/** The SQL of one dialect. */
export interface Dialect {
  /** The ids (`r`) of the first matches, best-selling first, and on PostgreSQL their stamps (`s`). */
  window(query: MatchQuery, limit: number, parameter: (value: unknown) => string): string;
  /** The values (and on PostgreSQL the stamps) of the documents whose row ids are in `ids`, a parameter. */
  values(ids: string): string;
  /** The parameter value standing for a list of row ids. */
  idsValue(ids: readonly number[]): unknown;
  /** Brings a cache of values up to date with the index's changes, where stamps do not. */
  sync?(db: Executor, cache: ValueCache): Promise<void>;
}

/** Conditions checked on the document row rather than in the text index. */
export function rowConditions(query: MatchQuery, parameter: (value: unknown) => string): string {
  const parts = query.inStock ? ['d.in_stock = 1'] : [];
  if (query.price) {
    parts.push(`d.currency = ${parameter(query.price.currency)}`);
    if (query.price.min !== undefined) parts.push(`d.price_minor >= ${parameter(query.price.min)}`);
    if (query.price.max !== undefined) parts.push(`d.price_minor <= ${parameter(query.price.max)}`);
  }
  return parts.map((part) => ` AND ${part}`).join('');
}

/** The query with its price's bucket tokens among the filters; its exact bounds stay row conditions (decision 0018). */
export function withPriceTokens(query: MatchQuery): MatchQuery {
  if (!query.price || query.price.tokens.length === 0) return query;
  return { ...query, filters: [...query.filters, [...query.price.tokens]], price: { ...query.price, tokens: [] } };
}

export function hasRowConditions(query: MatchQuery): boolean {
  return query.price !== undefined || query.inStock === true;
}

export function hasMatch(query: MatchQuery): boolean {
  return query.clauses.length > 0 || query.filters.length > 0;
}

/** The document values a window reads, from `search_documents d`. */
export const VALUES_SELECTED = VALUE_COLUMNS.map((column) => `d.${column}`).join(', ');
