import { type Kysely, sql } from 'kysely';

/**
 * The index's format (format.ts, decision 0018): 2 when there are no documents yet, since
 * every document written from now on carries the stock and price tokens; 1 for an index built
 * before, until a reindex writes it again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE search_format (format integer NOT NULL)`.execute(db);
  const { rows } = await sql`SELECT 1 FROM search_documents LIMIT 1`.execute(db);
  await sql`INSERT INTO search_format (format) VALUES (${rows.length === 0 ? 2 : 1})`.execute(db);
}
