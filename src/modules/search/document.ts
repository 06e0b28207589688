import { createHash } from 'node:crypto';
import { analyze } from './analyzer.js';
import { documentFormat } from './format.js';
import { memoized } from './memo.js';
import type { SearchDocumentsTable } from './schema.js';

/** What the index needs of a product, its store and its category path. */
export interface ProductSource {
  id: string;
  store_id: string;
  title: string;
  description: string;
  /** JSON: [{ name, value }] */
  attributes: string;
  /** JSON: [{ name, values: [] }] */
  options: string;
  category_id: string;
  currency: string;
  price_min_minor: number;
  stock_total: number;
  sold_count: number;
  created_at: string;
}

export interface StoreSource {
  name: string;
  type: string;
  /** JSON: ISO 3166 codes */
  ships_to: string;
}

export interface CategorySource {
  id: string;
  name_zh: string;
  name_en: string;
}

/** A document as analysed: the row's filter and sort columns, and its token lists for the engine. */
export interface IndexDocument extends Omit<SearchDocumentsTable, 'doc_rowid' | 'seq' | 'title_tokens' | 'title_length'> {
  title: string[];
  body: string[];
  facets: string[];
}

const DESCRIPTION_INDEXED_CHARACTERS = 1000;
export const SEQUENCE_BITS = 2 ** 31;
/** Sales beyond this tie in the order (the row id must stay within 2^53). */
export const MAX_ORDERED_SALES = 2 ** 22 - 1;

/** The row id that orders matches best-selling first, newest first among equals. */
export function docRowid(soldCount: number, seq: number): number {
  return Math.min(soldCount, MAX_ORDERED_SALES) * SEQUENCE_BITS + seq;
}

/** Eight sales buckets to each doubling of sales (decision 0013). */
const BUCKETS_PER_DOUBLING = 8;

/**
 * The sales bucket of a document (0 for no sales, 8 for one, 16 for three, 80 for 1,023…):
 * its place in the row id order to an eighth of a doubling of sales. Only the migration that
 * gave PostgreSQL documents their sales tokens (2026120701, decision 0013) still uses it: the
 * tiers of decision 0015 replaced the window that read them, and new documents carry none.
 */
export function salesBucket(soldCount: number): number {
  return Math.floor(Math.log2(Math.min(Math.max(soldCount, 0), MAX_ORDERED_SALES) + 1) * BUCKETS_PER_DOUBLING);
}

/**
 * The sales tokens migration 2026120701 gave each PostgreSQL document: its bucket
 * (`_v<bucket>`), and every doubling it had reached (`_g1` … `_g<bucket / 8>`).
 */
export function salesTokens(soldCount: number): string[] {
  const bucket = salesBucket(soldCount);
  const tokens = [facetToken.sales(bucket)];
  for (let doubling = 1; doubling * BUCKETS_PER_DOUBLING <= bucket; doubling += 1) tokens.push(facetToken.salesDoubling(doubling));
  return tokens;
}

export function seqOf(docRowid: number): number {
  return docRowid % SEQUENCE_BITS;
}

/** Price buckets a √2 apart, so a price range becomes a handful of index tokens. */
export function priceBucket(minor: number): number {
  return minor <= 0 ? 0 : Math.floor(Math.log2(minor) * 2) + 1;
}

/**
 * A document's price is in one bucket of each level (decision 0018): buckets `_p` (√2 wide),
 * and aligned runs of 4 (`_q`, a ×4 range) and 16 (`_r`, ×256) of them.
 */
const PRICE_LEVELS = [
  { buckets: 1, token: (index: number) => `_p${index}` },
  { buckets: 4, token: (index: number) => `_q${index}` },
  { buckets: 16, token: (index: number) => `_r${index}` },
] as const;

const WIDEST_FIRST = [...PRICE_LEVELS].reverse();

/** The price tokens of a document whose price is in `bucket`: one per level. */
export function priceLevelTokens(bucket: number): string[] {
  return PRICE_LEVELS.map((level) => level.token(Math.floor(bucket / level.buckets)));
}

/**
 * Tokens covering the buckets `low`…`high` exactly, fewest first: at each bucket, the widest
 * level whose aligned run starts there and fits. Buckets 0…25 (prices up to ¥50) are `_r0`
 * (0–15), `_q4` `_q5` (16–23), `_p24` `_p25`.
 */
export function priceCover(low: number, high: number): string[] {
  const tokens: string[] = [];
  for (let bucket = low; bucket <= high; ) {
    const level = WIDEST_FIRST.find((each) => bucket % each.buckets === 0 && bucket + each.buckets - 1 <= high) ?? PRICE_LEVELS[0];
    tokens.push(level.token(bucket / level.buckets));
    bucket += level.buckets;
  }
  return tokens;
}

/** Filter tokens: the engine intersects them with the words, so filters cost no row lookups. */
export const facetToken = {
  category: (id: string) => `_c_${id.replace(/[^a-z0-9]/g, '_')}`,
  storeType: (type: string) => `_t_${type}`,
  shipsTo: (country: string) => `_s_${country.toLowerCase()}`,
  price: (bucket: number) => `_p${bucket}`,
  sales: (bucket: number) => `_v${bucket}`,
  salesDoubling: (doubling: number) => `_g${doubling}`,
};

/** The step of a price on the 1, 2, 5 × 10ⁿ ladder that price facets are made of: 0 → 0, 1 → 1, 2 → 2, 5 → 3, 10 → 4… */
export function priceStep(minor: number): number {
  if (minor < 1) return 0;
  let power = Math.floor(Math.log10(minor));
  // log10 of an exact power of ten may land a hair below it.
  if (10 ** (power + 1) <= minor) power += 1;
  const leading = minor / 10 ** power;
  return power * 3 + 1 + (leading >= 5 ? 2 : leading >= 2 ? 1 : 0);
}

function bodyText(product: ProductSource, store: StoreSource, path: readonly CategorySource[]): string {
  const attributes = JSON.parse(product.attributes) as { name: string; value: string }[];
  const options = JSON.parse(product.options) as { name: string; values: string[] }[];
  return [
    product.description.slice(0, DESCRIPTION_INDEXED_CHARACTERS),
    ...attributes.map((attribute) => `${attribute.name} ${attribute.value}`),
    ...options.map((option) => `${option.name} ${option.values.join(' ')}`),
    store.name,
    // The product's own category names bridge languages (a 手机壳 is found by "phone case");
    // its ancestors' would be too broad (every electronic thing is not a phone).
    ...path.slice(-1).map((category) => `${category.name_zh} ${category.name_en}`),
  ].join('\n');
}

/** The filter tokens of a store's shipping countries (JSON), parsed once per setting. */
const shipsToTokens = memoized(10_000, (shipsTo) => (JSON.parse(shipsTo) as string[]).map(facetToken.shipsTo));

/** The product as the index sees it. Pure, so reindexing and a single write agree. */
export function indexDocument(product: ProductSource, store: StoreSource, path: readonly CategorySource[]): IndexDocument {
  const facets = [
    ...path.map((category) => facetToken.category(category.id)),
    facetToken.storeType(store.type),
    ...shipsToTokens(store.ships_to),
    ...(documentFormat() >= 2
      ? priceLevelTokens(priceBucket(product.price_min_minor))
      : [facetToken.price(priceBucket(product.price_min_minor))]),
  ];
  return {
    product_id: product.id,
    store_id: product.store_id,
    category_id: product.category_id,
    store_type: store.type,
    currency: product.currency,
    price_minor: product.price_min_minor,
    in_stock: product.stock_total > 0 ? 1 : 0,
    sold_count: product.sold_count,
    created_at: product.created_at,
    price_step: priceStep(product.price_min_minor),
    fingerprint: '',
    title: analyze(product.title, { characters: true }),
    body: analyze(bodyText(product, store, path)),
    facets,
  };
}

/**
 * What a single write compares to skip re-indexing a product whose searchable parts did not
 * change. The product's card (`cardJson`) is part of it, so every change to the card writes
 * the document again: searches keep cards with the document's values (values.ts), current
 * exactly while those are.
 */
export function fingerprintOf(document: IndexDocument, cardJson: string): string {
  const { fingerprint: _, title, body, facets, ...fields } = document;
  return createHash('sha1')
    .update(
      `${Object.values(fields).join('\u0001')}\u0002${title.join(' ')}\u0002${body.join(' ')}\u0002${facets.join(' ')}\u0002${cardJson}`,
    )
    .digest('base64url');
}

const MAX_POSITION = 16383;

/** The tsvector literal, built here so PostgreSQL's text parser (and its locale) never splits our tokens. */
export function tsvectorLiteral(document: Pick<IndexDocument, 'title' | 'body' | 'facets'>): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  const add = (tokens: readonly string[], weight: string) => {
    for (const token of tokens) {
      position = Math.min(position + 1, MAX_POSITION);
      let list = positions.get(token);
      if (!list) {
        list = [];
        positions.set(token, list);
      }
      if (list.length < 256) list.push(`${position}${weight}`);
    }
  };
  add(document.title, 'A');
  add(document.body, '');
  add(document.facets, 'C');
  return [...positions].map(([token, list]) => `'${token.replaceAll("'", "''").replaceAll('\\', '\\\\')}':${list.join(',')}`).join(' ');
}

/**
 * A document as the engines store it: the token lists joined into the texts the engines take
 * (the title's is also the row's `title_tokens`) and, for PostgreSQL, the tsvector literal.
 * Built where the text is analyzed, so a bulk load's writing thread only writes.
 */
export interface PackedDocument extends Omit<IndexDocument, 'title' | 'body' | 'facets'> {
  title_tokens: string;
  title_length: number;
  body_text: string;
  facets_text: string;
  /** PostgreSQL's tsvector literal; null on SQLite. */
  tsv: string | null;
}

export function packDocument(document: IndexDocument, dialect: 'sqlite' | 'postgres'): PackedDocument {
  return {
    product_id: document.product_id,
    store_id: document.store_id,
    category_id: document.category_id,
    store_type: document.store_type,
    currency: document.currency,
    price_minor: document.price_minor,
    in_stock: document.in_stock,
    sold_count: document.sold_count,
    created_at: document.created_at,
    price_step: document.price_step,
    fingerprint: document.fingerprint,
    title_tokens: document.title.join(' '),
    title_length: document.title.length,
    body_text: document.body.join(' '),
    facets_text: document.facets.join(' '),
    tsv: dialect === 'postgres' ? tsvectorLiteral(document) : null,
  };
}
