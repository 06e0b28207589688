import type { TestApp } from './app.js';

/**
 * Every page of a search, three items a page, as positions in `ids` (the listing order), so
 * two apps whose product ids differ can be compared page by page.
 */
export async function pagePositions(app: TestApp['app'], ids: readonly string[], query: Record<string, string>): Promise<number[]> {
  const seen: number[] = [];
  let cursor: string | undefined;
  do {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/search',
      query: { ...query, limit: '3', ...(cursor ? { cursor } : {}) },
    });
    if (response.statusCode !== 200) throw new Error(`search ${JSON.stringify(query)} answered ${response.statusCode}: ${response.body}`);
    const body = response.json() as { items: { product: { id: string } }[]; next_cursor: string | null };
    seen.push(...body.items.map((item) => ids.indexOf(item.product.id)));
    cursor = body.next_cursor ?? undefined;
  } while (cursor);
  return seen;
}
