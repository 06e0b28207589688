import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';
import type { SandboxChargesTable } from './schema.js';

/**
 * What Jishi needs of a payment provider (Alipay, a card acquirer): charge a card, refund a
 * charge, send a payout to a bank account, and sign the callbacks it sends later. The
 * built-in sandbox provider is a real local implementation of this interface: test card
 * numbers succeed, decline, or need an asynchronous confirmation that arrives as a signed
 * webhook, as a real provider's would.
 */
export interface CardDetails {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
}

export type ChargeOutcome =
  | { status: 'succeeded'; reference: string }
  | { status: 'pending'; reference: string }
  | { status: 'declined'; reason: string };

export type PayoutOutcome = { status: 'pending'; reference: string } | { status: 'failed'; reason: string };

export interface BankAccount {
  holder: string;
  bank: string;
  account_number: string;
}

export type ChargeStatus = { status: 'succeeded' | 'pending'; reference: string } | { status: 'declined' | 'unknown' };

export interface PaymentProvider {
  readonly name: string;
  /** Charges once per `reference` (our payment id): a repeat returns the first outcome. */
  charge(card: CardDetails, amount_minor: number, currency: string, reference: string): Promise<ChargeOutcome>;
  /** What became of the charge made with this reference: for payments whose answer was lost. */
  lookupCharge(reference: string): Promise<ChargeStatus>;
  /** Makes sure no charge with this reference will ever succeed (if none was made yet). */
  voidCharge(reference: string, amount_minor: number, currency: string): Promise<void>;
  refund(chargeReference: string, amount_minor: number, currency: string): Promise<{ reference: string }>;
  payout(bank: BankAccount, amount_minor: number, currency: string, reference: string): Promise<PayoutOutcome>;
  /** Checks a callback's signature over its timestamp and raw body; false for a forgery or a stale one. */
  verify(timestamp: string, rawBody: string, signature: string, now_ms: number): boolean;
}

export const SANDBOX_CARDS = {
  succeeds: '4242424242424242',
  declines: '4000000000000002',
  needsConfirmation: '4000000000003220',
} as const;

/** Payouts to an account number ending in 0000 fail, so the failure path can be tried. */
export const SANDBOX_FAILING_ACCOUNT_SUFFIX = '0000';

/** The callback the sandbox sends for a payout it accepted: paid, or bounced by the receiving bank. */
export function sandboxPayoutEvent(bank: BankAccount): 'payout.paid' | 'payout.failed' {
  return bank.account_number.endsWith(SANDBOX_FAILING_ACCOUNT_SUFFIX) ? 'payout.failed' : 'payout.paid';
}

const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

export function signCallback(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

function luhnValid(number: string): boolean {
  let sum = 0;
  for (let index = 0; index < number.length; index += 1) {
    let digit = Number(number[number.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function toOutcome(row: SandboxChargesTable): { status: 'succeeded' | 'pending'; reference: string } {
  return { status: row.status === 'succeeded' ? 'succeeded' : 'pending', reference: row.reference ?? '' };
}

export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox';
  #counter = 0;

  /**
   * The sandbox keeps its own record of charges, as a provider does on its side: in its own
   * table, written outside Jishi's transactions, so it survives our crashes.
   */
  constructor(
    private readonly secret: string,
    private readonly now_ms: () => number,
    private readonly db: Executor,
  ) {}

  #charges() {
    return (this.db as Kysely<{ sandbox_charges: SandboxChargesTable }>).selectFrom('sandbox_charges');
  }

  #reference(kind: string): string {
    this.#counter += 1;
    return `sbx_${kind}_${this.now_ms().toString(36)}_${this.#counter}_${Math.random().toString(36).slice(2, 8)}`;
  }

  async charge(card: CardDetails, amount_minor: number, currency: string, reference: string): Promise<ChargeOutcome> {
    const earlier = await this.#charges().selectAll().where('merchant_reference', '=', reference).executeTakeFirst();
    if (earlier)
      return earlier.status === 'declined' ? { status: 'declined', reason: earlier.reason ?? 'card_declined' } : toOutcome(earlier);
    const outcome = this.#decide(card, amount_minor);
    await (this.db as Kysely<{ sandbox_charges: SandboxChargesTable }>)
      .insertInto('sandbox_charges')
      .values({
        merchant_reference: reference,
        reference: outcome.status === 'declined' ? null : outcome.reference,
        status: outcome.status,
        reason: outcome.status === 'declined' ? outcome.reason : null,
        amount_minor,
        currency,
        created_at: new Date(this.now_ms()).toISOString(),
      })
      .onConflict((conflict) => conflict.column('merchant_reference').doNothing())
      .execute();
    return outcome;
  }

  async lookupCharge(reference: string): Promise<ChargeStatus> {
    const row = await this.#charges().selectAll().where('merchant_reference', '=', reference).executeTakeFirst();
    if (!row) return { status: 'unknown' };
    if (row.status === 'declined') return { status: 'declined' };
    return toOutcome(row);
  }

  async voidCharge(reference: string, amount_minor: number, currency: string): Promise<void> {
    await (this.db as Kysely<{ sandbox_charges: SandboxChargesTable }>)
      .insertInto('sandbox_charges')
      .values({
        merchant_reference: reference,
        reference: null,
        status: 'declined',
        reason: 'voided',
        amount_minor,
        currency,
        created_at: new Date(this.now_ms()).toISOString(),
      })
      .onConflict((conflict) => conflict.column('merchant_reference').doNothing())
      .execute();
  }

  /** The sandbox's confirmation of a charge that needed one (sent as a callback). */
  async confirmCharge(reference: string): Promise<void> {
    await (this.db as Kysely<{ sandbox_charges: SandboxChargesTable }>)
      .updateTable('sandbox_charges')
      .set({ status: 'succeeded' })
      .where('reference', '=', reference)
      .where('status', '=', 'pending')
      .execute();
  }

  #decide(card: CardDetails, amount_minor: number): ChargeOutcome {
    const number = card.number.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) return { status: 'declined', reason: 'invalid_number' };
    const expiry = Date.UTC(card.exp_year, card.exp_month, 1);
    if (expiry <= this.now_ms()) return { status: 'declined', reason: 'expired_card' };
    if (amount_minor <= 0) return { status: 'declined', reason: 'invalid_amount' };
    if (number === SANDBOX_CARDS.declines) return { status: 'declined', reason: 'card_declined' };
    if (number === SANDBOX_CARDS.needsConfirmation) return { status: 'pending', reference: this.#reference('ch') };
    return { status: 'succeeded', reference: this.#reference('ch') };
  }

  async refund(): Promise<{ reference: string }> {
    return { reference: this.#reference('re') };
  }

  async payout(bank: BankAccount): Promise<PayoutOutcome> {
    if (!/^\d{6,34}$/.test(bank.account_number)) return { status: 'failed', reason: 'invalid_account' };
    return { status: 'pending', reference: this.#reference('po') };
  }

  sign(timestamp: string, rawBody: string): string {
    return signCallback(this.secret, timestamp, rawBody);
  }

  verify(timestamp: string, rawBody: string, signature: string, now_ms: number): boolean {
    const sent_ms = Number(timestamp) * 1000;
    if (!Number.isFinite(sent_ms) || Math.abs(now_ms - sent_ms) > SIGNATURE_TOLERANCE_MS) return false;
    const expected = Buffer.from(this.sign(timestamp, rawBody), 'hex');
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
