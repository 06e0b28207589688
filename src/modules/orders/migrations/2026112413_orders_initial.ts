import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cart_items')
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('sku_id', 'text', (column) => column.notNull())
    .addColumn('quantity', 'integer', (column) => column.notNull())
    .addColumn('price_seen_minor', 'bigint', (column) => column.notNull())
    .addColumn('selected', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('added_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('cart_items_pk', ['user_id', 'sku_id'])
    .execute();
  await db.schema
    .createTable('addresses')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('recipient', 'text', (column) => column.notNull())
    .addColumn('phone', 'text', (column) => column.notNull())
    .addColumn('country', 'text', (column) => column.notNull())
    .addColumn('region', 'text', (column) => column.notNull())
    .addColumn('city', 'text', (column) => column.notNull())
    .addColumn('line1', 'text', (column) => column.notNull())
    .addColumn('line2', 'text', (column) => column.notNull())
    .addColumn('postal_code', 'text', (column) => column.notNull())
    .addColumn('is_default', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('addresses_user').on('addresses').columns(['user_id', 'id']).execute();
  await db.schema
    .createTable('shipping_rules')
    .addColumn('store_id', 'text', (column) => column.primaryKey())
    .addColumn('mode', 'text', (column) => column.notNull())
    .addColumn('base_minor', 'bigint', (column) => column.notNull())
    .addColumn('first_weight_g', 'integer', (column) => column.notNull())
    .addColumn('per_kg_minor', 'bigint', (column) => column.notNull())
    .addColumn('free_over_minor', 'bigint')
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('checkouts')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('buyer_id', 'text', (column) => column.notNull())
    .addColumn('idempotency_key', 'text', (column) => column.notNull())
    .addColumn('order_ids', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('checkouts_buyer_key', ['buyer_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('buyer_id', 'text', (column) => column.notNull())
    .addColumn('store_id', 'text', (column) => column.notNull())
    .addColumn('checkout_id', 'text', (column) => column.notNull())
    .addColumn('state', 'text', (column) => column.notNull())
    .addColumn('state_version', 'integer', (column) => column.notNull())
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('items_minor', 'bigint', (column) => column.notNull())
    .addColumn('shipping_minor', 'bigint', (column) => column.notNull())
    .addColumn('total_minor', 'bigint', (column) => column.notNull())
    .addColumn('commission_minor', 'bigint', (column) => column.notNull())
    .addColumn('refunded_minor', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('released_minor', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('payment_id', 'text')
    .addColumn('paid_via', 'text')
    .addColumn('address_json', 'text', (column) => column.notNull())
    .addColumn('buyer_note', 'text', (column) => column.notNull())
    .addColumn('carrier', 'text')
    .addColumn('tracking_number', 'text')
    .addColumn('resume_state', 'text')
    .addColumn('placed_at', 'text', (column) => column.notNull())
    .addColumn('paid_at', 'text')
    .addColumn('shipped_at', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('orders_buyer').on('orders').columns(['buyer_id', 'id']).execute();
  await db.schema.createIndex('orders_store').on('orders').columns(['store_id', 'id']).execute();
  await db.schema.createIndex('orders_checkout').on('orders').column('checkout_id').execute();
  await db.schema
    .createTable('order_items')
    .addColumn('order_id', 'text', (column) => column.notNull().references('orders.id'))
    .addColumn('position', 'integer', (column) => column.notNull())
    .addColumn('sku_id', 'text', (column) => column.notNull())
    .addColumn('product_id', 'text', (column) => column.notNull())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('option_values', 'text', (column) => column.notNull())
    .addColumn('image_id', 'text')
    .addColumn('quantity', 'integer', (column) => column.notNull())
    .addColumn('price_minor', 'bigint', (column) => column.notNull())
    .addColumn('line_minor', 'bigint', (column) => column.notNull())
    .addColumn('commission_rate_bp', 'integer', (column) => column.notNull())
    .addPrimaryKeyConstraint('order_items_pk', ['order_id', 'position'])
    .execute();
  await db.schema
    .createTable('commission_rates')
    .addColumn('category_id', 'text', (column) => column.primaryKey())
    .addColumn('rate_bp', 'integer', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
}
