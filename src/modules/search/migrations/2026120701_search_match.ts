import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../../../kernel/db/database.js';
import { SEQUENCE_BITS, salesTokens } from '../document.js';

const BATCH = 10_000;

/**
 * PostgreSQL only (decision 0013): the text index moves to its own narrow table (the row id,
 * the window's row conditions and the tsvector), and each document gains its sales tokens
 * (document.ts `salesTokens`) for the staged window. Existing documents keep their place: the
 * tokens follow from the row id, whose high part is the sales its order used.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`CREATE TABLE search_match (
    doc_rowid bigint PRIMARY KEY,
    in_stock integer NOT NULL,
    currency text NOT NULL,
    price_minor bigint NOT NULL,
    tsv tsvector NOT NULL
  )`.execute(db);
  // The staged window sizes its stages from the row id histogram: a finer one (1,000 intervals,
  // 1,000 documents each at a million) lets the first stage be small.
  await sql`ALTER TABLE search_match ALTER COLUMN doc_rowid SET STATISTICS 1000`.execute(db);
  for (let after = -1; ; ) {
    const { rows } = await sql<{ doc_rowid: string }>`
      SELECT doc_rowid FROM search_documents WHERE doc_rowid > ${after} ORDER BY doc_rowid LIMIT ${BATCH}`.execute(db);
    if (rows.length === 0) break;
    const ids = rows.map((row) => Number(row.doc_rowid));
    const tokens = ids.map((id) => salesTokens(Math.floor(id / SEQUENCE_BITS)).join(' '));
    await sql`INSERT INTO search_match (doc_rowid, in_stock, currency, price_minor, tsv)
      SELECT d.doc_rowid, d.in_stock, d.currency, d.price_minor, d.tsv || array_to_tsvector(string_to_array(t.tokens, ' '))
      FROM unnest(${ids}::bigint[], ${tokens}::text[]) AS t(doc_rowid, tokens) JOIN search_documents d ON d.doc_rowid = t.doc_rowid
      ORDER BY d.doc_rowid`.execute(db);
    after = ids[ids.length - 1] as number;
  }
  await sql`DROP INDEX search_documents_tsv`.execute(db);
  await sql`ALTER TABLE search_documents DROP COLUMN tsv`.execute(db);
  await sql`CREATE INDEX search_match_tsv ON search_match USING gin (tsv)`.execute(db);
}
