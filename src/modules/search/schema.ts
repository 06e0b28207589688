/** One row per searchable (active) product: what filters, sorts and facets need. */
export interface SearchDocumentsTable {
  /**
   * The engine's row id, which orders matches: sales in the high bits, an insertion sequence
   * in the low 31. Matches come out of the index best-selling first, so "sort by sales" and
   * the relevance window read only the head of the match list (decision 0007).
   */
  doc_rowid: number;
  product_id: string;
  seq: number;
  store_id: string;
  category_id: string;
  store_type: string;
  currency: string;
  price_minor: number;
  in_stock: number;
  sold_count: number;
  created_at: string;
  /** The price's step on the 1, 2, 5 × 10ⁿ ladder, for price facets. */
  price_step: number;
  /** The analyzed title, space-separated: the text score reads it (service.ts). */
  title_tokens: string;
  /** How many tokens the title has. */
  title_length: number;
  /** A hash of everything indexed, so a write that changes nothing searchable is skipped. */
  fingerprint: string;
}

/** Indexed words (not Chinese, not numbers) and how many products have them: prefixes and typos. */
export interface SearchTermsTable {
  term: string;
  docs: number;
}

/** What buyers searched, for suggestions; counted in memory and added up every few seconds. */
export interface SearchQueriesTable {
  query: string;
  count: number;
  results: number;
  last_at: string;
}

export interface SearchTables {
  search_documents: SearchDocumentsTable;
  search_terms: SearchTermsTable;
  search_queries: SearchQueriesTable;
}
