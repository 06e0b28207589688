import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../../../kernel/db/database.js';
import { placeTiers } from '../tiers.js';

/**
 * PostgreSQL only (decision 0015): the tiers of the best sellers, partial GIN indexes placed
 * from the catalog as it is, and the statistics the planner estimates a tier's rows from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`CREATE TABLE search_tiers (index_name text PRIMARY KEY, docs integer NOT NULL, min_rowid bigint NOT NULL)`.execute(db);
  await sql`CREATE STATISTICS search_match_tier_rows ON (doc_rowid + 0) FROM search_match`.execute(db);
  await sql`ANALYZE search_match`.execute(db);
  await placeTiers(db);
}
