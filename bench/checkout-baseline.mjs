// The floor bench/checkout.mjs compares Jishi's checkout + pay with: the same rows written
// straight to the database, with prepared statements and nothing else — no HTTP, no query
// builder, no reads but the guarded updates, no product page or search document rebuilt.
// Two transactions per unit, as a buyer's two requests make:
//
//   checkout: idempotency key (stored done, with a response of the real one's size), stock
//             (guarded UPDATE … stock - 1 >= 0), checkout, order, order item, stock
//             adjustment, the product's stock_total, the order's expiry timer job, outbox
//   pay:      idempotency key, payment (succeeded), both ledger accounts (insert … on
//             conflict do nothing), escrow and wallet balances (guarded, in id order), journal
//             entry, its two postings, the order (paid, version, payment, paid_at), the expiry
//             job deleted, the product's sold_count, history row, outbox
//
// Everything it writes is valid Jishi data: `jishi ledger verify` passes on it.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { root } from './lib.mjs';

const { newId } = await import(join(root, 'dist/kernel/ids.js'));

/** What the baseline writes beside the rows named above: nothing of search or the product page. */
export const BASELINE_SKIPS = [
  'products.page_json / card_json rebuilt (the baseline moves stock_total and sold_count only)',
  'search_documents delete + insert and search_terms (the real pay re-indexes the product for its new sold_count)',
  'every read the real path makes (SKU, address, store, commission, shipping rule, order, items, product, search document)',
];

const RESPONSE_FILLER = 'x'.repeat(1100);
const HOUR_MS = 3_600_000;

/** The values of one unit's rows, the same for both databases. */
function unitRows(buyer, sku, key, now_ms) {
  const now = new Date(now_ms).toISOString();
  const expires = new Date(now_ms + 24 * HOUR_MS).toISOString();
  const checkoutId = newId('chk', now_ms);
  const orderId = newId('ord', now_ms);
  const paymentId = newId('pay', now_ms);
  const price = sku.price_minor;
  const wallet = `wallet:${buyer.session.userId}:CNY`;
  const escrow = `escrow:${orderId}:CNY`;
  const scope = `user:${buyer.session.userId}`;
  const response = (id) => JSON.stringify({ id, filler: RESPONSE_FILLER });
  return {
    checkout: {
      idempotency: [scope, `chk-${key}`, 'hash', 'done', 201, response(checkoutId), 'application/json; charset=utf-8', now, expires],
      stock: [sku.sku_id],
      checkouts: [checkoutId, buyer.session.userId, `chk-${key}`, JSON.stringify([orderId]), now],
      order: [orderId, buyer.session.userId, sku.store_id, checkoutId, price, price, Math.floor(price / 20), buyer.address_json, now],
      item: [orderId, sku.sku_id, sku.product_id, 'Phone case', '["红"]', price, price],
      adjustment: [newId('adj', now_ms), sku.sku_id, sku.product_id, orderId, buyer.session.userId, now],
      stockTotal: [sku.product_id],
      job: [
        newId('job', now_ms),
        JSON.stringify({ process: 'order', subject_id: orderId, transition: 'expire', version: 0 }),
        new Date(now_ms + 30 * 60_000).toISOString(),
        `timer:order:${orderId}:expire:0`,
        now,
      ],
      outbox: [
        newId('evt', now_ms),
        'order.placed',
        orderId,
        JSON.stringify({ store_id: sku.store_id, buyer_id: buyer.session.userId }),
        now,
      ],
    },
    pay: {
      idempotency: [scope, `pay-${key}`, 'hash', 'done', 201, response(paymentId), 'application/json; charset=utf-8', now, expires],
      payment: [paymentId, buyer.session.userId, price, JSON.stringify([orderId]), `pay-${key}`, now],
      accounts: [wallet, buyer.session.userId, escrow, orderId, now],
      escrow: [price, escrow],
      wallet: [-price, wallet],
      entry: [newId('jrn', now_ms), orderId, now],
      order: [paymentId, now, orderId],
      job: [`timer:order:${orderId}:expire:0`],
      soldCount: [sku.product_id],
      history: [newId('evt', now_ms), orderId, now],
      outbox: [newId('evt', now_ms), 'order.paid', orderId, JSON.stringify({ store_id: sku.store_id }), now],
    },
  };
}

/** The statements, with $n placeholders; on SQLite they become named parameters @pN. */
const SQL = {
  idempotency:
    'insert into idempotency_keys (scope, key, request_hash, state, response_status, response_body, response_type, created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
  stock: 'update skus set stock = stock - 1 where id = $1 and stock - 1 >= 0 returning stock',
  checkouts: 'insert into checkouts (id, buyer_id, idempotency_key, order_ids, created_at) values ($1, $2, $3, $4, $5)',
  order: `insert into orders (id, buyer_id, store_id, checkout_id, state, state_version, currency, items_minor, shipping_minor, total_minor,
    commission_minor, refunded_minor, released_minor, address_json, buyer_note, placed_at, created_at, updated_at)
    values ($1, $2, $3, $4, 'placed', 0, 'CNY', $5, 0, $6, $7, 0, 0, $8, '', $9, $9, $9)`,
  item: `insert into order_items (order_id, position, sku_id, product_id, title, option_values, image_id, quantity, price_minor, line_minor, commission_rate_bp)
    values ($1, 0, $2, $3, $4, $5, null, 1, $6, $7, 500)`,
  adjustment: `insert into stock_adjustments (id, sku_id, product_id, delta, stock_after, reason, note, actor_id, created_at)
    values ($1, $2, $3, -1, 0, 'sale', $4, $5, $6)`,
  stockTotal: 'update products set stock_total = stock_total - 1 where id = $1',
  job: `insert into jobs (id, kind, payload, run_at, attempts, max_attempts, state, dedupe_key, created_at)
    values ($1, 'process.timer', $2, $3, 0, 10, 'queued', $4, $5) on conflict (dedupe_key) do nothing`,
  outbox: 'insert into outbox (id, topic, subject_id, payload, created_at) values ($1, $2, $3, $4, $5)',
  payment: `insert into payments (id, user_id, purpose, method, provider, state, amount_minor, currency, order_ids, idempotency_key, created_at, updated_at)
    values ($1, $2, 'orders', 'wallet', null, 'succeeded', $3, 'CNY', $4, $5, $6, $6)`,
  accounts: `insert into ledger_accounts (id, kind, owner_id, currency, balance, tracked, created_at)
    values ($1, 'buyer_wallet', $2, 'CNY', 0, 1, $5), ($3, 'escrow', $4, 'CNY', 0, 1, $5) on conflict (id) do nothing`,
  balance: 'update ledger_accounts set balance = balance + $1 where id = $2 and balance + $1 >= 0',
  entry: `insert into ledger_entries (id, kind, reference_id, memo, created_at) values ($1, 'order_payment', $2, '', $3)`,
  postings: `insert into ledger_postings (entry_id, position, account_id, currency, amount_minor) values ($1, 0, $2, 'CNY', $3), ($1, 1, $4, 'CNY', $5)`,
  orderPaid: `update orders set state = 'paid', state_version = 1, payment_id = $1, paid_via = 'wallet', paid_at = $2, updated_at = $2
    where id = $3 and state_version = 0`,
  deleteJob: `delete from jobs where dedupe_key = $1 and state = 'queued'`,
  soldCount: 'update products set sold_count = sold_count + 1 where id = $1',
  history: `insert into process_history (id, process, subject_id, version, transition, from_state, to_state, actor_type, actor_id, note, created_at)
    values ($1, 'order', $2, 1, 'pay', 'placed', 'paid', 'system', 'payments', '', $3)`,
};

function postingArgs(rows) {
  return [rows.pay.entry[0], rows.pay.wallet[1], rows.pay.wallet[0], rows.pay.escrow[1], rows.pay.escrow[0]];
}

class Refused extends Error {}

/**
 * better-sqlite3 in this process, with the app's pragmas (src/kernel/db/database.ts) and BEGIN
 * IMMEDIATE. It checkpoints the WAL in its own commits, at SQLite's default, as a program
 * that writes straight to SQLite does; the server checkpoints on a worker thread instead
 * (src/kernel/db/checkpointer.ts), and transactions there share commits (decision 0010).
 */
export function sqliteBaseline(file) {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.pragma('mmap_size = 2147418112');
  // better-sqlite3 binds an array to anonymous parameters only, so $n becomes @pN, bound by name.
  const statements = Object.fromEntries(
    Object.entries(SQL).map(([name, text]) => {
      const statement = db.prepare(text.replace(/\$(\d+)/g, '@p$1'));
      const bind = (values) => Object.fromEntries(values.map((value, index) => [`p${index + 1}`, value]));
      return [name, { run: (values) => statement.run(bind(values)), get: (values) => statement.get(bind(values)) }];
    }),
  );
  const checkout = db.transaction((rows) => {
    const c = rows.checkout;
    statements.idempotency.run(c.idempotency);
    if (!statements.stock.get(c.stock)) throw new Refused('out of stock');
    statements.checkouts.run(c.checkouts);
    statements.order.run(c.order);
    statements.item.run(c.item);
    statements.adjustment.run(c.adjustment);
    statements.stockTotal.run(c.stockTotal);
    statements.job.run(c.job);
    statements.outbox.run(c.outbox);
  });
  const pay = db.transaction((rows) => {
    const p = rows.pay;
    statements.idempotency.run(p.idempotency);
    statements.payment.run(p.payment);
    statements.accounts.run(p.accounts);
    // Account ids in order, as the ledger moves them: escrow:… sorts before wallet:….
    if (statements.balance.run(p.escrow).changes !== 1) throw new Refused('escrow');
    if (statements.balance.run(p.wallet).changes !== 1) throw new Refused('insufficient funds');
    statements.entry.run(p.entry);
    statements.postings.run(postingArgs(rows));
    if (statements.orderPaid.run(p.order).changes !== 1) throw new Refused('order changed');
    statements.deleteJob.run(p.job);
    statements.soldCount.run(p.soldCount);
    statements.history.run(p.history);
    statements.outbox.run(p.outbox);
  });
  return {
    /** Synchronous under the hood, as SQLite is: one writer at a time. */
    async unit(buyer, sku, key) {
      const rows = unitRows(buyer, sku, key, Date.now());
      checkout.immediate(rows);
      pay.immediate(rows);
    },
    close: async () => db.close(),
  };
}

/** A pg Pool of `connections`, named (server-side prepared) statements, one client per transaction. */
export function postgresBaseline(url, connections) {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  pool.on('error', () => {});
  const query = (client, name, values) => client.query({ name, text: SQL[name], values });
  async function transaction(work) {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await work(client);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  return {
    async unit(buyer, sku, key) {
      const rows = unitRows(buyer, sku, key, Date.now());
      await transaction(async (client) => {
        const c = rows.checkout;
        await query(client, 'idempotency', c.idempotency);
        if ((await query(client, 'stock', c.stock)).rowCount !== 1) throw new Refused('out of stock');
        await query(client, 'checkouts', c.checkouts);
        await query(client, 'order', c.order);
        await query(client, 'item', c.item);
        await query(client, 'adjustment', c.adjustment);
        await query(client, 'stockTotal', c.stockTotal);
        await query(client, 'job', c.job);
        await query(client, 'outbox', c.outbox);
      });
      await transaction(async (client) => {
        const p = rows.pay;
        await query(client, 'idempotency', p.idempotency);
        await query(client, 'payment', p.payment);
        await query(client, 'accounts', p.accounts);
        if ((await query(client, 'balance', p.escrow)).rowCount !== 1) throw new Refused('escrow');
        if ((await query(client, 'balance', p.wallet)).rowCount !== 1) throw new Refused('insufficient funds');
        await query(client, 'entry', p.entry);
        await query(client, 'postings', postingArgs(rows));
        if ((await query(client, 'orderPaid', p.order)).rowCount !== 1) throw new Refused('order changed');
        await query(client, 'deleteJob', p.job);
        await query(client, 'soldCount', p.soldCount);
        await query(client, 'history', p.history);
        await query(client, 'outbox', p.outbox);
      });
    },
    close: () => pool.end(),
  };
}
