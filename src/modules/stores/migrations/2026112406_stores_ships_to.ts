import { type Kysely, sql } from 'kysely';

/** The countries a store ships to, as a JSON array of ISO 3166 codes; its own country at first. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('stores')
    .addColumn('ships_to', 'text', (column) => column.notNull().defaultTo('[]'))
    .execute();
  await sql`UPDATE stores SET ships_to = '["' || country || '"]'`.execute(db);
}
