import { type Kysely, sql } from 'kysely';

/**
 * Orders mark the products they move as stale instead of queueing a refresh job each
 * (decision 0011): a flag on the row the sale already writes, and a partial index that holds
 * only the stale products for the sweep. Refresh jobs queued before this change are turned
 * into the flag.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('products')
    .addColumn('read_model_stale', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await sql`create index products_read_model_stale on products (id) where read_model_stale = 1`.execute(db);
  await sql`update products set read_model_stale = 1 where id in (
    select substr(dedupe_key, ${'catalog.refresh-read-model:'.length + 1}) from jobs
    where kind = 'catalog.refresh-read-model' and dedupe_key is not null)`.execute(db);
  await sql`delete from jobs where kind = 'catalog.refresh-read-model'`.execute(db);
}
