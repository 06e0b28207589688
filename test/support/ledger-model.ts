import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DialectName } from '../../src/kernel/db/database.js';
import { CHAIN_START, type ChainPoint, seal, verifyChainFrom, verifyLedger } from '../../src/modules/ledger/index.js';
import { escrowMatchesOrders } from '../../src/modules/orders/index.js';
import { payoutsMatchTransit, SANDBOX_CARDS } from '../../src/modules/payments/index.js';
import { asSession, createTestApp, type Session, signInOperator, signUp, type TestApp } from './app.js';
import { BuyingModel, bump, COMMISSION_BP, DAY, HOUR, MINUTE, type ModelOrder, PAYOUT_MINIMUM } from './buying-model.js';
import { listProduct, openStore } from './catalog.js';

/**
 * The model-based property test of buying and escrow (test/ledger-model-*.test.ts): random sequences of checkout, pay, cancel,
 * ship, deliver, confirm, refund, dispute, payout, retries and clock advances run against the
 * real app (through HTTP) and a simple model (buying-model.ts) side by side.
 * After every step: each response is the one the model predicts; every balance (wallets,
 * held, available, each order's escrow, commission, clearing, payouts in transit) equals the
 * model's; the step's new journal entries sum to zero with two postings or more; every
 * account the step moved equals the sum of its postings and none is below zero; and the
 * newly sealed part of the hash chain links. Every FULL_VERIFY_EVERY steps and at the end of
 * each run, the whole of `ledger verify` runs as well.
 *
 * LEDGER_MODEL_OPS (per database; default 80,000 on SQLite and 20,000 on PostgreSQL) sets
 * the size; each run is RUN_LENGTH operations on a fresh database.
 */
const RUN_LENGTH = 2000;
const FULL_VERIFY_EVERY = 250;
const DEFAULT_OPS: Record<string, number> = { sqlite: 80_000, postgres: 20_000 };
const CARD = { number: SANDBOX_CARDS.succeeds, exp_month: 12, exp_year: 2030, cvc: '123' };
const PRICES = [1990, 2490, 990, 15_000];
const STOCK = [25, 25, 25, 10];
const SKU_STORE = [0, 0, 1, 1];
const BUYERS = 3;

type Op =
  | { kind: 'topUp'; buyer: number; amount: number }
  | { kind: 'checkout'; buyer: number; sku: number; quantity: number }
  | { kind: 'pay'; target: number; card: boolean; stranger: boolean }
  | { kind: 'cancel' | 'cancelAndRefund' | 'ship' | 'deliver' | 'confirm'; target: number }
  | { kind: 'refund'; target: number; ret: boolean; share: 0 | 1 | 2 | 3 }
  | { kind: 'accept' | 'decline' | 'shipReturn' | 'confirmReturn' | 'escalate' | 'withdraw'; target: number }
  | { kind: 'decide'; target: number; outcome: 'refund_full' | 'refund_partial' | 'release'; share: number }
  | { kind: 'payout'; store: number; share: number; fails: boolean }
  | { kind: 'advance'; ms: number }
  | { kind: 'replay' };

const target = fc.nat(1000);
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('topUp' as const), buyer: fc.nat(BUYERS - 1), amount: fc.integer({ min: 100, max: 40_000 }) }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('checkout' as const),
      buyer: fc.nat(BUYERS - 1),
      sku: fc.nat(PRICES.length - 1),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 7, arbitrary: fc.record({ kind: fc.constant('pay' as const), target, card: fc.boolean(), stranger: fc.constant(false) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pay' as const), target, card: fc.boolean(), stranger: fc.constant(true) }) },
  ...(['cancel', 'cancelAndRefund', 'ship', 'deliver', 'confirm'] as const).map((kind) => ({
    weight: kind === 'ship' ? 6 : kind === 'confirm' ? 4 : 2,
    arbitrary: fc.record({ kind: fc.constant(kind), target }),
  })),
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      target,
      ret: fc.boolean(),
      share: fc.constantFrom(0, 1, 2, 3) as fc.Arbitrary<0 | 1 | 2 | 3>,
    }),
  },
  ...(['accept', 'decline', 'shipReturn', 'confirmReturn', 'escalate', 'withdraw'] as const).map((kind) => ({
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant(kind), target }),
  })),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('decide' as const),
      target,
      outcome: fc.constantFrom('refund_full' as const, 'refund_partial' as const, 'release' as const),
      share: fc.integer({ min: 0, max: 100 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('payout' as const),
      store: fc.nat(1),
      share: fc.integer({ min: 0, max: 110 }),
      fails: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.constantFrom(10_000, 31 * MINUTE, 2 * DAY + HOUR, 8 * DAY, 16 * DAY),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'replay' as const }) },
);

interface Expectation {
  status: number;
  code?: string;
}

const ok = (status = 200): Expectation => ({ status });
const refused = (code: string, status = 409): Expectation => ({ status, code });

class Run {
  readonly model = new BuyingModel(BUYERS, 2, STOCK, PRICES, SKU_STORE);
  buyers: Session[] = [];
  sellers: Session[] = [];
  operator!: Session;
  stores: string[] = [];
  skus: string[] = [];
  addresses: string[] = [];
  chain: ChainPoint = CHAIN_START;
  keyCounter = 0;
  lastMoney: { session: Session; url: string; body: unknown; key: string; response: LightMyRequestResponse; at: number } | null = null;
  readonly log: string[] = [];

  constructor(readonly harness: TestApp) {}

  get app(): FastifyInstance {
    return this.harness.app;
  }

  async setUp(): Promise<void> {
    const app = this.app;
    for (let index = 0; index < BUYERS; index += 1) this.buyers.push(await signUp(app));
    for (let index = 0; index < 2; index += 1) {
      const seller = await signUp(app);
      this.sellers.push(seller);
      const store = await openStore(app, seller);
      this.stores.push(store.id);
      const skus = SKU_STORE.map((owner, sku) => ({ owner, sku })).filter((entry) => entry.owner === index);
      const product = await listProduct(app, seller, store.id, {
        options: [{ name: '款式', values: skus.map((entry) => `款${entry.sku}`) }],
        skus: skus.map((entry) => ({
          options: [`款${entry.sku}`],
          price_minor: PRICES[entry.sku],
          stock: STOCK[entry.sku],
          weight_g: 100,
        })),
      });
      for (const [position, entry] of skus.entries()) this.skus[entry.sku] = product.skus[position]?.id as string;
    }
    this.operator = await signInOperator(this.harness);
    for (const buyer of this.buyers) {
      const response = await this.post(buyer, '/api/v1/addresses', {
        recipient: '王芳',
        phone: '+86 138 0000 0000',
        country: 'CN',
        city: '杭州',
        line1: '文三路 1 号',
      });
      this.addresses.push(response.json().address.id);
    }
  }

  async post(session: Session, url: string, body: unknown, key: string | null = null): Promise<LightMyRequestResponse> {
    const send = () =>
      this.app.inject({ method: 'POST', url, headers: asSession(session, key ? { 'idempotency-key': key } : {}), payload: body as object });
    const response = await send();
    if (response.statusCode !== 401) return response;
    // Months pass on the test clock: a session that expired signs in again, as a person would.
    await this.signInAgain(session);
    return send();
  }

  async signInAgain(session: Session): Promise<void> {
    const password = session === this.operator ? 'operator phrase 1' : 'a long passphrase 1';
    const login = await this.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: session.email, password } });
    expect(login.statusCode, login.body).toBe(200);
    session.cookie = `jishi_session=${login.cookies.find((cookie) => cookie.name === 'jishi_session')?.value}`;
    session.csrf = login.json().csrf_token;
  }

  async money(session: Session, url: string, body: unknown): Promise<LightMyRequestResponse> {
    const key = `m-${++this.keyCounter}`;
    const response = await this.post(session, url, body, key);
    this.lastMoney = { session, url, body, key, response, at: this.model.now };
    return response;
  }

  /** Prefers a subject in one of the states the operation needs; sometimes any subject. */
  choose<T extends { state: string }>(items: T[], pick: number, states: readonly string[]): T | undefined {
    if (items.length === 0) return undefined;
    const fitting = items.filter((item) => states.includes(item.state));
    const pool = fitting.length > 0 && pick % 10 !== 0 ? fitting : items;
    return pool[pick % pool.length];
  }

  orderAction(order: ModelOrder, action: string, session: Session, money: boolean, body: unknown = {}) {
    const url = `/api/v1/orders/${order.id}/${action}`;
    return money ? this.money(session, url, body) : this.post(session, url, body);
  }

  async step(op: Op): Promise<void> {
    const m = this.model;
    const check = (response: LightMyRequestResponse, expected: Expectation) => {
      const code = response.statusCode >= 400 ? response.json().error?.code : undefined;
      const context = `${JSON.stringify(op)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
      expect(response.statusCode, context).toBe(expected.status);
      if (expected.code) expect(code, context).toBe(expected.code);
    };
    switch (op.kind) {
      case 'topUp': {
        const response = await this.money(this.buyers[op.buyer] as Session, '/api/v1/wallet/top-ups', {
          amount_minor: op.amount,
          currency: 'CNY',
          card: CARD,
        });
        check(response, ok(201));
        bump(m.wallets, op.buyer, op.amount);
        m.clearing -= op.amount;
        return;
      }
      case 'checkout': {
        const response = await this.money(this.buyers[op.buyer] as Session, '/api/v1/checkout', {
          address_id: this.addresses[op.buyer],
          items: [{ sku_id: this.skus[op.sku], quantity: op.quantity, price_minor: PRICES[op.sku] }],
        });
        if ((m.stock[op.sku] as number) < op.quantity) return check(response, refused('out_of_stock'));
        check(response, ok(201));
        const placed = response.json().orders[0];
        const total = (PRICES[op.sku] as number) * op.quantity;
        const commission = Math.floor((total * COMMISSION_BP) / 10_000);
        expect(placed, JSON.stringify(op)).toMatchObject({ total_minor: total, commission_minor: commission });
        bump(m.stock, op.sku, -op.quantity);
        m.orders.push({
          id: placed.id,
          buyer: op.buyer,
          store: SKU_STORE[op.sku] as number,
          sku: op.sku,
          quantity: op.quantity,
          total,
          commission,
          state: 'placed',
          refunded: 0,
          released: 0,
          paidVia: null,
          since: m.now,
          resume: null,
        });
        return;
      }
      case 'pay': {
        const order = this.choose(m.orders, op.target, ['placed']);
        if (!order) return;
        const payer = op.stranger ? (order.buyer + 1) % BUYERS : order.buyer;
        const body = op.card ? { order_ids: [order.id], method: 'card', card: CARD } : { order_ids: [order.id], method: 'wallet' };
        const response = await this.money(this.buyers[payer] as Session, '/api/v1/payments', body);
        if (op.stranger) return check(response, refused('not_found', 404));
        if (order.state !== 'placed') return check(response, refused(order.paidVia ? 'already_paid' : 'invalid_transition'));
        if (!op.card && (m.wallets[order.buyer] as number) < order.total) return check(response, refused('insufficient_funds'));
        check(response, ok(201));
        if (op.card) m.clearing -= order.total;
        else bump(m.wallets, order.buyer, -order.total);
        order.paidVia = op.card ? 'card' : 'wallet';
        m.enter(order, 'paid');
        return;
      }
      case 'cancel': {
        const order = this.choose(m.orders, op.target, ['placed']);
        if (!order) return;
        const response = await this.orderAction(order, 'cancel', this.buyers[order.buyer] as Session, false);
        if (order.state !== 'placed') return check(response, refused('invalid_transition'));
        check(response, ok());
        bump(m.stock, order.sku, order.quantity);
        m.enter(order, 'cancelled');
        return;
      }
      case 'cancelAndRefund': {
        const order = this.choose(m.orders, op.target, ['paid']);
        if (!order) return;
        const response = await this.orderAction(order, 'cancel-and-refund', this.buyers[order.buyer] as Session, true);
        if (order.state !== 'paid') return check(response, refused('invalid_transition'));
        check(response, ok());
        m.cancelPaid(order);
        return;
      }
      case 'ship': {
        const order = this.choose(m.orders, op.target, ['paid']);
        if (!order) return;
        const response = await this.orderAction(order, 'ship', this.sellers[order.store] as Session, false, {
          carrier: 'SF',
          tracking_number: 'SF1234567',
        });
        if (order.state !== 'paid') return check(response, refused('invalid_transition'));
        check(response, ok());
        m.enter(order, 'shipped');
        return;
      }
      case 'deliver': {
        const order = this.choose(m.orders, op.target, ['shipped']);
        if (!order) return;
        const response = await this.orderAction(order, 'deliver', this.operator, false);
        if (order.state !== 'shipped') return check(response, refused('invalid_transition'));
        check(response, ok());
        m.enter(order, 'delivered');
        return;
      }
      case 'confirm': {
        const order = this.choose(m.orders, op.target, ['shipped', 'delivered']);
        if (!order) return;
        const response = await this.orderAction(order, 'confirm-receipt', this.buyers[order.buyer] as Session, true);
        if (order.state !== 'shipped' && order.state !== 'delivered') return check(response, refused('invalid_transition'));
        check(response, ok());
        m.release(order);
        return;
      }
      case 'refund': {
        const order = this.choose(m.orders, op.target, ['shipped', 'delivered']);
        if (!order) return;
        const remaining = m.remaining(order);
        const amount = [1, Math.max(1, Math.floor(remaining / 2)), Math.max(1, remaining), remaining + 1][op.share] as number;
        const response = await this.money(this.buyers[order.buyer] as Session, '/api/v1/refunds', {
          order_id: order.id,
          kind: op.ret ? 'return_and_refund' : 'refund_only',
          amount_minor: amount,
          reason: '不合适 does not fit',
        });
        if (order.state === 'after_sale') return check(response, refused('refund_in_progress'));
        if (order.state !== 'shipped' && order.state !== 'delivered') return check(response, refused('not_refundable'));
        if (amount > remaining) return check(response, refused('amount_too_large'));
        check(response, ok(201));
        order.resume = order.state;
        m.enter(order, 'after_sale');
        m.refunds.push({
          id: response.json().refund.id,
          order,
          kind: op.ret ? 'return_and_refund' : 'refund_only',
          amount,
          state: 'requested',
          since: m.now,
          dispute: null,
        });
        return;
      }
      case 'accept':
      case 'decline':
      case 'shipReturn':
      case 'confirmReturn':
      case 'escalate':
      case 'withdraw':
        return this.refundStep(op.kind, op.target, check);
      case 'decide': {
        const refund = this.choose(
          m.refunds.filter((candidate) => candidate.dispute),
          op.target,
          ['disputed'],
        );
        if (!refund?.dispute) return;
        const amount = Math.floor((refund.amount * op.share) / 100);
        const body =
          op.outcome === 'refund_partial'
            ? { outcome: op.outcome, amount_minor: Math.max(1, amount), note: 'decided' }
            : { outcome: op.outcome, note: 'decided' };
        const response = await this.money(this.operator, `/api/v1/disputes/${refund.dispute.id}/decide`, body);
        if (refund.dispute.state !== 'open') return check(response, refused('invalid_transition'));
        if (op.outcome === 'refund_partial' && Math.max(1, amount) >= refund.amount) return check(response, refused('amount_too_large'));
        check(response, ok());
        refund.dispute.state = 'decided';
        if (op.outcome === 'release') {
          refund.state = 'closed';
          m.release(refund.order);
        } else m.payRefund(refund, op.outcome === 'refund_full' ? refund.amount : Math.max(1, amount), true);
        return;
      }
      case 'payout': {
        const available = m.available[op.store] as number;
        const amount = Math.max(1, Math.floor((available * op.share) / 100));
        const response = await this.money(this.sellers[op.store] as Session, '/api/v1/wallet/payouts', {
          store_id: this.stores[op.store],
          amount_minor: amount,
          currency: 'CNY',
          bank_account: { holder_name: 'Mei', bank_name: 'CMB', account_number: op.fails ? '6225880000000000' : '6225880012345678' },
        });
        if (amount < PAYOUT_MINIMUM) return check(response, refused('amount_too_small', 400));
        if (amount > available) return check(response, refused('insufficient_funds'));
        check(response, ok(201));
        m.available[op.store] = available - amount;
        m.inTransit += amount;
        m.payouts.push({ id: response.json().payout.id, store: op.store, amount, fails: op.fails, state: 'pending', callbackAt: 0 });
        return;
      }
      case 'advance': {
        this.harness.clock.advance(op.ms);
        await this.app.jishi.buying?.runner.runDue();
        m.advance(op.ms);
        return;
      }
      case 'replay': {
        const last = this.lastMoney;
        // Keys are kept a day: a retry after that is a new request (the domain keys still hold).
        if (!last || this.model.now - last.at >= 24 * HOUR) return;
        const again = await this.post(last.session, last.url, last.body, last.key);
        expect(again.statusCode, `replay of ${last.url}`).toBe(last.response.statusCode);
        expect(again.body).toBe(last.response.body);
        expect(again.headers['idempotent-replayed']).toBe('true');
        return;
      }
    }
  }

  async refundStep(
    kind: 'accept' | 'decline' | 'shipReturn' | 'confirmReturn' | 'escalate' | 'withdraw',
    pick: number,
    check: (response: LightMyRequestResponse, expected: Expectation) => void,
  ): Promise<void> {
    const m = this.model;
    const wants: Record<typeof kind, readonly string[]> = {
      accept: ['requested'],
      decline: ['requested', 'return_shipped'],
      shipReturn: ['awaiting_return'],
      confirmReturn: ['return_shipped'],
      escalate: ['declined'],
      withdraw: ['requested', 'awaiting_return', 'declined', 'disputed'],
    };
    const refund = this.choose(m.refunds, pick, wants[kind]);
    if (!refund) return;
    const order = refund.order;
    const buyer = this.buyers[order.buyer] as Session;
    const seller = this.sellers[order.store] as Session;
    const url = (action: string) => `/api/v1/refunds/${refund.id}/${action}`;
    const allowed = wants[kind].includes(refund.state);
    let response: LightMyRequestResponse;
    switch (kind) {
      case 'accept':
        response = await this.money(seller, url('accept'), {});
        break;
      case 'decline':
        response = await this.post(seller, url('decline'), { reason: '不同意 no' });
        break;
      case 'shipReturn':
        response = await this.post(buyer, url('ship-return'), { carrier: 'SF', tracking_number: 'SF7654321' });
        break;
      case 'confirmReturn':
        response = await this.money(seller, url('confirm-return'), {});
        break;
      case 'escalate':
        response = await this.money(buyer, '/api/v1/disputes', { refund_id: refund.id, statement: '请裁决 please decide' });
        // Escalating a refund already in dispute returns that dispute.
        if (refund.dispute) return check(response, ok(201));
        break;
      case 'withdraw':
        response = await this.post(buyer, url('withdraw'), {});
        break;
    }
    if (!allowed) return check(response, refused('invalid_transition'));
    check(response, ok(kind === 'escalate' ? 201 : 200));
    switch (kind) {
      case 'accept':
        if (refund.kind === 'refund_only') m.payRefund(refund, refund.amount, false);
        else {
          refund.state = 'awaiting_return';
          refund.since = m.now;
        }
        return;
      case 'decline':
        refund.state = 'declined';
        refund.since = m.now;
        return;
      case 'shipReturn':
        refund.state = 'return_shipped';
        refund.since = m.now;
        return;
      case 'confirmReturn':
        m.payRefund(refund, refund.amount, false);
        return;
      case 'escalate':
        refund.state = 'disputed';
        refund.since = m.now;
        refund.dispute = { id: response.json().dispute.id, state: 'open' };
        return;
      case 'withdraw':
        if (refund.dispute?.state === 'open') refund.dispute.state = 'withdrawn';
        m.closeRefund(refund, 'withdrawn');
        return;
    }
  }

  /** What the postings seen so far add up to, per account: each is seen once, unsealed or sealed after the last check. */
  readonly posted = new Map<string, number>();

  /** The step's invariants; the whole of `ledger verify` when `full`. */
  async verify(full: boolean): Promise<void> {
    const db = this.app.jishi.database.db;
    const m = this.model;
    // The step's new entries: each sums to zero and has two postings or more.
    const fresh = await sql<{ entry_id: string; account_id: string; amount_minor: number }>`
      select p.entry_id, p.account_id, p.amount_minor from ledger_postings p join ledger_entries e on e.id = p.entry_id
      where e.seq is null or e.seq > ${this.chain.seq}`.execute(db);
    const entries = new Map<string, { sum: number; count: number }>();
    for (const row of fresh.rows) {
      const amount = Number(row.amount_minor);
      const entry = entries.get(row.entry_id) ?? { sum: 0, count: 0 };
      entries.set(row.entry_id, { sum: entry.sum + amount, count: entry.count + 1 });
      this.posted.set(row.account_id, (this.posted.get(row.account_id) ?? 0) + amount);
    }
    for (const [id, entry] of entries) expect(entry, `entry ${id}`).toEqual({ sum: 0, count: expect.any(Number) });
    for (const [id, entry] of entries) expect(entry.count, `entry ${id}`).toBeGreaterThanOrEqual(2);
    await seal(db);
    const chain = await verifyChainFrom(db, this.chain);
    expect(chain.problems).toEqual([]);
    this.chain = chain.reached;

    // Every owner account's stored balance equals its postings and is not below zero.
    const accounts = await sql<{ id: string; balance: number }>`select id, balance from ledger_accounts where tracked = 1`.execute(db);
    const tracked = new Map(accounts.rows.map((row) => [row.id, Number(row.balance)]));
    for (const [id, value] of tracked) {
      expect(value, `${id} against its postings`).toBe(this.posted.get(id) ?? 0);
      expect(value, `${id} below zero`).toBeGreaterThanOrEqual(0);
    }
    const balance = (id: string) => tracked.get(id) ?? 0;
    const real = {
      wallets: this.buyers.map((buyer) => balance(`wallet:${buyer.userId}:CNY`)),
      held: this.stores.map((store) => balance(`held:${store}:CNY`)),
      available: this.stores.map((store) => balance(`available:${store}:CNY`)),
      escrow: m.orders.map((order) => balance(`escrow:${order.id}:CNY`)),
      commission: this.posted.get('commission:CNY') ?? 0,
      clearing: this.posted.get('clearing:sandbox:CNY') ?? 0,
      inTransit: this.posted.get('in-transit:CNY') ?? 0,
    };
    expect(real).toEqual({
      wallets: m.wallets,
      held: m.held,
      available: m.available,
      escrow: m.orders.map((order) => m.escrowOf(order)),
      commission: m.commission,
      clearing: m.clearing,
      inTransit: m.inTransit,
    });
    if (full) expect(await verifyLedger(db, [escrowMatchesOrders, payoutsMatchTransit])).toEqual({ ok: true, problems: [] });
  }
}

/** The suite for one database; each database has its own test file so the two run in parallel. */
export function ledgerModelSuite(dialect: DialectName): void {
  describe(`buying and escrow against a model on ${dialect}`, () => {
    const total = Number(process.env.LEDGER_MODEL_OPS ?? DEFAULT_OPS[dialect] ?? 20_000);
    const runs = Math.max(1, Math.round(total / RUN_LENGTH));

    it(`keeps every ledger invariant through ${runs * RUN_LENGTH} random operations`, { timeout: 1_800_000 }, async () => {
      let operations = 0;
      const result = await fc.check(
        fc.asyncProperty(fc.array(opArbitrary, { minLength: RUN_LENGTH, maxLength: RUN_LENGTH }), async (ops) => {
          const harness = await createTestApp(dialect);
          try {
            const run = new Run(harness);
            await run.setUp();
            for (const [index, op] of ops.entries()) {
              try {
                await run.step(op);
                await run.verify((index + 1) % FULL_VERIFY_EVERY === 0);
              } catch (error) {
                const recent = ops.slice(Math.max(0, index - 15), index + 1).map((entry) => JSON.stringify(entry));
                (error as Error).message =
                  `at operation ${index}: ${(error as Error).message}\nthe operations before it:\n${recent.join('\n')}`;
                throw error;
              }
              operations += 1;
            }
            await run.verify(true);
          } finally {
            await harness.close();
          }
        }),
        { numRuns: runs, endOnFailure: true },
      );
      // The whole counterexample is thousands of operations: report the seed and the failing step.
      if (result.failed) {
        const error = result.errorInstance as Error;
        error.message = `seed ${result.seed}, path ${result.counterexamplePath}: ${error.message}`;
        throw error;
      }
      expect(operations).toBe(runs * RUN_LENGTH);
      console.info(`ledger model on ${dialect}: ${operations} operations in ${runs} runs`);
    });
  });
}
