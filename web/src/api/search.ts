import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { apiRequest } from './client.js';
import type { ProductCard, StoreType } from './types.js';

/** The shapes GET /api/v1/search and /search/suggest answer with (src/modules/search/README.md). */
export type SearchSort = 'relevance' | 'sales' | 'price_asc' | 'price_desc' | 'newest';

export interface HighlightRun {
  text: string;
  match: boolean;
}

export interface SearchHit {
  product: ProductCard;
  store: { id: string; handle: string; name: string; type: StoreType };
  title_highlight: HighlightRun[];
}

export interface CategoryFacet {
  id: string;
  name_zh: string;
  name_en: string;
  count: number;
}

export interface PriceFacet {
  min_minor: number;
  max_minor: number | null;
  count: number;
}

export interface SearchFacets {
  exhaustive: boolean;
  category: CategoryFacet[];
  price: PriceFacet[];
  store_type: { value: StoreType; count: number }[];
}

export interface SearchAnswer {
  items: SearchHit[];
  next_cursor: string | null;
  /** Null on the pages after the first (with a cursor): the first page's total and facets stand. */
  total: { value: number; exact: boolean } | null;
  facets: SearchFacets | null;
  query: { text: string; corrections: { from: string; to: string }[] };
}

export interface Suggestion {
  text: string;
  kind: 'query' | 'category';
  category_id?: string;
}

/** What the search page asks for: the URL's query, as the API's parameters. */
export interface SearchParams {
  q?: string | undefined;
  category?: string | undefined;
  price_min?: number | undefined;
  price_max?: number | undefined;
  currency?: string | undefined;
  store_type?: StoreType | undefined;
  ships_to?: string | undefined;
  in_stock?: boolean | undefined;
  sort?: SearchSort | undefined;
}

export const searchKeys = {
  results: (params: SearchParams, limit: number) => ['search', params, limit] as const,
  suggest: (q: string) => ['search-suggest', q] as const,
};

/** Search results a page at a time; the previous answer stays on screen while a new one loads. */
export function useSearch(params: SearchParams, limit = 20) {
  return useInfiniteQuery({
    queryKey: searchKeys.results(params, limit),
    queryFn: ({ pageParam, signal }) =>
      apiRequest<SearchAnswer>('/search', {
        query: {
          ...params,
          in_stock: params.in_stock ? 'true' : undefined,
          limit,
          cursor: pageParam,
        },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
    retry: (failures, error) => failures < 1 && !(error instanceof Error && 'status' in error && error.status === 400),
  });
}

/** Suggestions for what has been typed so far (already debounced by the caller). */
export function useSuggestions(q: string, limit = 8) {
  const text = q.trim();
  return useQuery({
    queryKey: searchKeys.suggest(text),
    queryFn: ({ signal }) => apiRequest<{ suggestions: Suggestion[] }>('/search/suggest', { query: { q: text, limit }, signal }),
    enabled: text.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
    retry: false,
    select: (answer) => answer.suggestions,
  });
}
