import type { Kysely } from 'kysely';

/** Active products in order of sales: the search index bulk-loads in this order, and "best sellers" lists read it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('products_sales').on('products').columns(['status', 'sold_count', 'id']).execute();
}
