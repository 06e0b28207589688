import type { Executor } from '../../kernel/db/database.js';
import { preparedQuery } from '../../kernel/db/prepared.js';
import { cacheScope, ShortCache } from '../../kernel/short-cache.js';
import { type StoresTable, storesByIds } from '../stores/index.js';
import type { CommissionRatesTable, ShippingRulesTable } from './schema.js';
import { type OrdersContext, tables } from './service.js';

/** What an order costs beyond its goods: the store's shipping rule, and the platform's commission. */

export interface ShippingRuleInput {
  mode: 'flat' | 'weight';
  base_minor: number;
  first_weight_g?: number | undefined;
  per_kg_minor?: number | undefined;
  free_over_minor?: number | null | undefined;
}

/**
 * A store's shipping rule and the commission rates are read by every checkout and change
 * rarely: each process keeps them for PRICING_CACHE_TTL_MS. A change made here applies at
 * once in this process, and within that bound in the others (decision 0011): as if the buyer
 * had loaded the page a moment earlier.
 */
export const PRICING_CACHE_TTL_MS = 2_000;
const shippingRules = new ShortCache<ShippingRulesTable>(PRICING_CACHE_TTL_MS);
const rates = new ShortCache<Map<string, number>>(PRICING_CACHE_TTL_MS);
const stores = new ShortCache<StoresTable | undefined>(PRICING_CACHE_TTL_MS);

/** The store a checkout sells from (where it ships), kept as the shipping rule is. */
export function storeOf(db: Executor, storeId: string): Promise<StoresTable | undefined> {
  return stores.get(cacheScope(db), storeId, async () => (await storesByIds(db, [storeId]))[0]);
}

/** The stores module announces a change of a store's name or shipping countries (modules.ts). */
export async function forgetStore(db: Executor, storeId: string): Promise<void> {
  stores.forget(cacheScope(db), storeId);
}

export function shippingRuleOf(db: Executor, storeId: string): Promise<ShippingRulesTable> {
  return shippingRules.get(cacheScope(db), storeId, async () => {
    const [row] = await findShippingRule(db, storeId);
    return (
      row ?? { store_id: storeId, mode: 'flat', base_minor: 0, first_weight_g: 0, per_kg_minor: 0, free_over_minor: null, updated_at: '' }
    );
  });
}

export async function setShippingRule(context: OrdersContext, storeId: string, input: ShippingRuleInput) {
  const row: ShippingRulesTable = {
    store_id: storeId,
    mode: input.mode,
    base_minor: input.base_minor,
    first_weight_g: input.mode === 'weight' ? (input.first_weight_g ?? 1000) : 0,
    per_kg_minor: input.mode === 'weight' ? (input.per_kg_minor ?? 0) : 0,
    free_over_minor: input.free_over_minor ?? null,
    updated_at: context.clock.nowIso(),
  };
  await tables(context.db)
    .insertInto('shipping_rules')
    .values(row)
    .onConflict((conflict) => conflict.column('store_id').doUpdateSet(row))
    .execute();
  shippingRules.forget(cacheScope(context.db), storeId);
  return presentShippingRule(row);
}

export function presentShippingRule(row: ShippingRulesTable) {
  return {
    mode: row.mode,
    base_minor: row.base_minor,
    first_weight_g: row.first_weight_g,
    per_kg_minor: row.per_kg_minor,
    free_over_minor: row.free_over_minor,
  };
}

/** The fee for goods worth `items_minor` weighing `weight_g` under a store's rule. Pure. */
export function shippingFee(
  rule: Pick<ShippingRulesTable, 'mode' | 'base_minor' | 'first_weight_g' | 'per_kg_minor' | 'free_over_minor'>,
  items_minor: number,
  weight_g: number,
): number {
  if (rule.free_over_minor !== null && items_minor >= rule.free_over_minor) return 0;
  if (rule.mode === 'flat') return rule.base_minor;
  const extra_g = Math.max(0, weight_g - rule.first_weight_g);
  return rule.base_minor + Math.ceil(extra_g / 1000) * rule.per_kg_minor;
}

// Commission rates, by category.

const findShippingRule = preparedQuery<[string], ShippingRulesTable>('orders.shippingRule', (db, storeId) =>
  tables(db).selectFrom('shipping_rules').selectAll().where('store_id', '=', storeId),
);
const allCommissionRates = preparedQuery<[], CommissionRatesTable>('orders.commissionRates', (db) =>
  tables(db).selectFrom('commission_rates').selectAll(),
);

export function commissionRates(db: Executor): Promise<Map<string, number>> {
  return rates.get(cacheScope(db), 'all', async () => {
    const rows = await allCommissionRates(db);
    return new Map(rows.map((row) => [row.category_id, row.rate_bp]));
  });
}

export async function setCommissionRate(context: OrdersContext, categoryId: string, rate_bp: number): Promise<void> {
  const row = { category_id: categoryId, rate_bp, updated_at: context.clock.nowIso() };
  await tables(context.db)
    .insertInto('commission_rates')
    .values(row)
    .onConflict((conflict) => conflict.column('category_id').doUpdateSet(row))
    .execute();
  rates.forget(cacheScope(context.db), 'all');
}
