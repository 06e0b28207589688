import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../../../kernel/db/database.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ledger_accounts')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('owner_id', 'text', (column) => column.notNull())
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('balance', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('tracked', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    // The database itself refuses a tracked balance below zero, whatever the code does.
    .addCheckConstraint('ledger_accounts_not_negative', sql`tracked = 0 or balance >= 0`)
    .execute();
  await db.schema.createIndex('ledger_accounts_owner').on('ledger_accounts').columns(['owner_id', 'kind']).execute();
  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('reference_id', 'text', (column) => column.notNull())
    .addColumn('memo', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('seq', 'bigint', (column) => column.unique())
    .addColumn('prev_hash', 'text')
    .addColumn('hash', 'text')
    .execute();
  await db.schema.createIndex('ledger_entries_reference').on('ledger_entries').column('reference_id').execute();
  await sql`create index ledger_entries_unsealed on ledger_entries (id) where seq is null`.execute(db);
  await db.schema
    .createTable('ledger_postings')
    .addColumn('entry_id', 'text', (column) => column.notNull().references('ledger_entries.id'))
    .addColumn('position', 'integer', (column) => column.notNull())
    .addColumn('account_id', 'text', (column) => column.notNull().references('ledger_accounts.id'))
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('amount_minor', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('ledger_postings_pk', ['entry_id', 'position'])
    .execute();
  await db.schema.createIndex('ledger_postings_account').on('ledger_postings').columns(['account_id', 'entry_id']).execute();
  await db.schema
    .createTable('ledger_chain')
    .addColumn('id', 'integer', (column) => column.primaryKey())
    .addColumn('seq', 'bigint', (column) => column.notNull())
    .addColumn('hash', 'text', (column) => column.notNull())
    .execute();
  await sql`insert into ledger_chain (id, seq, hash) values (1, 0, ${'0'.repeat(64)})`.execute(db);
  await upImmutable(db);
}

/** Postings and entries are never updated or deleted; a correction is a new entry. */
async function upImmutable(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`create function ledger_refuse_change() returns trigger language plpgsql as $$
      begin raise exception 'ledger postings are immutable'; end $$`.execute(db);
    await sql`create trigger ledger_postings_immutable before update or delete on ledger_postings
      for each row execute function ledger_refuse_change()`.execute(db);
    await sql`create trigger ledger_entries_undeletable before delete on ledger_entries
      for each row execute function ledger_refuse_change()`.execute(db);
    return;
  }
  await sql`create trigger ledger_postings_no_update before update on ledger_postings
    begin select raise(abort, 'ledger postings are immutable'); end`.execute(db);
  await sql`create trigger ledger_postings_no_delete before delete on ledger_postings
    begin select raise(abort, 'ledger postings are immutable'); end`.execute(db);
  await sql`create trigger ledger_entries_no_delete before delete on ledger_entries
    begin select raise(abort, 'ledger entries are immutable'); end`.execute(db);
}
