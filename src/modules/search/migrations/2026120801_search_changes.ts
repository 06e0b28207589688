import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../../../kernel/db/database.js';

/**
 * SQLite only (decision 0014): the log of removed index rows, which tells every process's
 * cache of document values (values.ts) what to forget. PostgreSQL needs none: its window
 * answers each row's xmin, which a rewrite changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') return;
  // AUTOINCREMENT: ids never come back, even once old entries are pruned.
  await sql`CREATE TABLE search_changes (id INTEGER PRIMARY KEY AUTOINCREMENT, doc_rowid INTEGER NOT NULL)`.execute(db);
}
