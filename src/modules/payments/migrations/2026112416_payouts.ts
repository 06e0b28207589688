import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('payouts')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('store_id', 'text', (column) => column.notNull())
    .addColumn('requested_by', 'text', (column) => column.notNull())
    .addColumn('state', 'text', (column) => column.notNull())
    .addColumn('state_version', 'integer', (column) => column.notNull())
    .addColumn('amount_minor', 'bigint', (column) => column.notNull())
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('holder_name', 'text', (column) => column.notNull())
    .addColumn('bank_name', 'text', (column) => column.notNull())
    .addColumn('account_number', 'text', (column) => column.notNull())
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('provider_reference', 'text', (column) => column.unique())
    .addColumn('failure_reason', 'text')
    .addColumn('idempotency_key', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('settled_at', 'text')
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('payouts_requester_key', ['requested_by', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('payouts_store').on('payouts').columns(['store_id', 'id']).execute();
}

/** The sandbox provider's record of its charges, so a lost answer can be looked up. */
export async function upSandboxCharges(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sandbox_charges')
    .addColumn('merchant_reference', 'text', (column) => column.primaryKey())
    .addColumn('reference', 'text', (column) => column.unique())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('reason', 'text')
    .addColumn('amount_minor', 'bigint', (column) => column.notNull())
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
}
