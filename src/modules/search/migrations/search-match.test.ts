import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FreshDatabase, freshDatabase, TEST_DATABASE_URL } from '../../../../test/support/databases.js';
import { migrate } from '../../../kernel/db/migrate.js';
import { allMigrations } from '../../../modules.js';
import { docRowid, salesTokens } from '../document.js';

// PostgreSQL only: the migration moves an index built before it to the narrow table and
// gives every document its sales tokens, so the staged window finds what it found before.
describe.runIf(TEST_DATABASE_URL)('the search_match migration on PostgreSQL', () => {
  let fresh: FreshDatabase;
  const sold = [0, 1, 5, 3000, 70_000];
  beforeAll(async () => {
    fresh = await freshDatabase('postgres', { migrate: false });
    const before = Object.fromEntries(Object.entries(allMigrations).filter(([name]) => name < '2026120701_search_match'));
    await migrate(fresh.database, before);
    const db = fresh.database.db;
    for (const [index, count] of sold.entries()) {
      await sql`INSERT INTO search_documents (doc_rowid, product_id, seq, store_id, category_id, store_type, currency, price_minor,
          in_stock, sold_count, created_at, price_step, title_tokens, title_length, fingerprint, tsv)
        VALUES (${docRowid(count, index + 1)}, ${`prd_${index}`}, ${index + 1}, 'sto_1', 'cat_phones', 'brand', 'CNY', 1000,
          1, ${count}, '2026-12-01T00:00:00Z', 4, 'red phone', 2, '', ${"'red':1A 'phone':2A"}::tsvector)`.execute(db);
    }
    await migrate(fresh.database, allMigrations);
  });
  afterAll(async () => {
    await fresh?.cleanup();
  });

  it('keeps every document and its words, and adds the sales tokens its row id implies', async () => {
    const { rows } = await sql<{ doc_rowid: string; tsv: string; price_minor: string }>`
      SELECT doc_rowid, tsv::text AS tsv, price_minor FROM search_match ORDER BY doc_rowid`.execute(fresh.database.db);
    expect(rows).toHaveLength(sold.length);
    for (const [index, row] of rows.entries()) {
      const lexemes = row.tsv.split(' ').map((lexeme) => lexeme.replace(/^'([^']*)'.*$/, '$1'));
      expect(lexemes.sort()).toEqual(['phone', 'red', ...salesTokens(sold[index] as number)].sort());
      expect(Number(row.price_minor)).toBe(1000);
    }
    const { rows: columns } = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'search_documents' AND column_name = 'tsv'`.execute(
      fresh.database.db,
    );
    expect(columns).toEqual([]);
  });
});
