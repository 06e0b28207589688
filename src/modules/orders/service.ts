import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { dialectOf, type Executor } from '../../kernel/db/database.js';
import { preparedQuery, readTogether } from '../../kernel/db/prepared.js';
import type { OrderItemsTable, OrdersTable, OrdersTables } from './schema.js';

export interface OrdersContext {
  db: Executor;
  clock: Clock;
}

export const tables = (db: Executor) => db as Kysely<OrdersTables>;

export const MAX_CART_LINES = 100;
export const MAX_QUANTITY = 999;
export const MAX_ADDRESSES = 20;
export const DEFAULT_COMMISSION_BP = 500;

const orderById = preparedQuery<[string], OrdersTable>('orders.byId', (db, id) =>
  tables(db).selectFrom('orders').selectAll().where('id', '=', id),
);

export async function findOrder(db: Executor, id: string): Promise<OrdersTable | undefined> {
  return (await orderById(db, id))[0];
}

export const itemsOfOrder = preparedQuery<[string], OrderItemsTable>('orders.itemsOfOrder', (db, orderId) =>
  tables(db).selectFrom('order_items').selectAll().where('order_id', '=', orderId).orderBy('position'),
);

const lockedOrder = preparedQuery<[string], OrdersTable>('orders.lockedById', (db, id) =>
  tables(db)
    .selectFrom('orders')
    .selectAll()
    .where('id', '=', id)
    .$if(dialectOf(db) === 'postgres', (query) => query.forUpdate()),
);

/**
 * For a transaction that moves these orders on: the orders (in id order), their rows locked
 * until it ends (`for update` on PostgreSQL; a SQLite transaction holds the write lock from its
 * start), and their lines, read in one exchange. Each order's transitions can then be
 * applied `locked`.
 */
export async function lockOrdersWithItems(
  tx: Executor,
  ids: readonly string[],
): Promise<{ orders: OrdersTable[]; items: Map<string, OrderItemsTable[]> }> {
  if (ids.length === 0) return { orders: [], items: new Map() };
  const [orderRows, itemRows] = await readTogether(
    tx,
    ids.length === 1
      ? [lockedOrder.compiled(tx, ids[0] as string), itemsOfOrder.compiled(tx, ids[0] as string)]
      : [
          ordersIn(tx, ids)
            .$if(dialectOf(tx) === 'postgres', (query) => query.forUpdate())
            .compile(),
          tables(tx)
            .selectFrom('order_items')
            .selectAll()
            .where('order_id', 'in', ids as string[])
            .orderBy('order_id')
            .orderBy('position')
            .compile(),
        ],
  );
  const items = new Map<string, OrderItemsTable[]>();
  for (const item of itemRows as OrderItemsTable[]) items.set(item.order_id, [...(items.get(item.order_id) ?? []), item]);
  return { orders: orderRows as OrdersTable[], items };
}

export async function ordersOf(
  db: Executor,
  filter: { buyer_id?: string; store_id?: string; state?: string | undefined; beforeId?: string | undefined; limit: number },
) {
  let query = tables(db).selectFrom('orders').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.buyer_id) query = query.where('buyer_id', '=', filter.buyer_id);
  if (filter.store_id) query = query.where('store_id', '=', filter.store_id);
  if (filter.state) query = query.where('state', '=', filter.state as OrdersTable['state']);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  return query.execute();
}

export function ordersByIds(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([] as OrdersTable[]);
  // One order is the common case (paying one shop's order), and is built once.
  if (ids.length === 1) return orderById(db, ids[0] as string);
  return ordersIn(db, ids).execute();
}

/** Several orders by id, in id order (the order rows are locked in, when locked). */
function ordersIn(db: Executor, ids: readonly string[]) {
  return tables(db)
    .selectFrom('orders')
    .selectAll()
    .where('id', 'in', ids as string[])
    .orderBy('id');
}
