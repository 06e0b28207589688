import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { cleanLine } from '../../kernel/text.js';
import { isCountry } from '../stores/index.js';
import type { AddressesTable } from './schema.js';
import { MAX_ADDRESSES, type OrdersContext, tables } from './service.js';

/** The buyer's address book. */

export interface AddressInput {
  recipient: string;
  phone: string;
  country: string;
  region?: string | undefined;
  city: string;
  line1: string;
  line2?: string | undefined;
  postal_code?: string | undefined;
  is_default?: boolean | undefined;
}

export function presentAddress(row: AddressesTable) {
  return {
    id: row.id,
    recipient: row.recipient,
    phone: row.phone,
    country: row.country,
    region: row.region,
    city: row.city,
    line1: row.line1,
    line2: row.line2,
    postal_code: row.postal_code,
    is_default: row.is_default === 1,
  };
}

export async function addAddress(context: OrdersContext, userId: string, input: AddressInput) {
  if (!isCountry(input.country)) throw new AppError('validation_failed', { param: 'country', message: 'Not an ISO 3166 country code.' });
  return tables(context.db)
    .transaction()
    .execute(async (tx) => {
      const existing = await tx.selectFrom('addresses').select(['id']).where('user_id', '=', userId).execute();
      if (existing.length >= MAX_ADDRESSES)
        throw new AppError('validation_failed', { message: `An address book holds at most ${MAX_ADDRESSES} addresses.` });
      const isDefault = input.is_default === true || existing.length === 0;
      if (isDefault) await tx.updateTable('addresses').set({ is_default: 0 }).where('user_id', '=', userId).execute();
      const now = context.clock.nowIso();
      const row: AddressesTable = {
        id: newId('adr', context.clock.now_ms()),
        user_id: userId,
        recipient: cleanLine(input.recipient),
        phone: cleanLine(input.phone),
        country: input.country,
        region: cleanLine(input.region ?? ''),
        city: cleanLine(input.city),
        line1: cleanLine(input.line1),
        line2: cleanLine(input.line2 ?? ''),
        postal_code: cleanLine(input.postal_code ?? ''),
        is_default: isDefault ? 1 : 0,
        created_at: now,
        updated_at: now,
      };
      await tx.insertInto('addresses').values(row).execute();
      return presentAddress(row);
    });
}

export async function listAddresses(context: OrdersContext, userId: string) {
  const rows = await tables(context.db)
    .selectFrom('addresses')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('is_default', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(presentAddress);
}

export async function deleteAddress(context: OrdersContext, userId: string, addressId: string): Promise<void> {
  const result = await tables(context.db)
    .deleteFrom('addresses')
    .where('id', '=', addressId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new AppError('not_found');
}
