import { type DocumentValues, type VALUE_COLUMNS, valuesOf } from './values.js';

/** A window's document as the database would answer it, for tests: a phone in CNY unless told otherwise. */
export function documentValues(
  doc_rowid: number,
  overrides: Partial<Record<(typeof VALUE_COLUMNS)[number], string | number>> = {},
): DocumentValues {
  return valuesOf({
    doc_rowid,
    product_id: `prd_${doc_rowid}`,
    store_id: 'sto_1',
    category_id: 'cat_phones',
    store_type: 'individual',
    currency: 'CNY',
    price_minor: 1000,
    price_step: 4,
    in_stock: 1,
    sold_count: 0,
    seq: doc_rowid,
    title_tokens: 'phone',
    title_length: 1,
    ...overrides,
  });
}
