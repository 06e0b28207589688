import type { FastifyInstance } from 'fastify';
import { asSession, type Session } from './app.js';

/** Helpers to set up stores and products through the real API. */
let counter = 0;

export async function openStore(app: FastifyInstance, owner: Session, overrides: Record<string, unknown> = {}) {
  counter += 1;
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/stores',
    headers: asSession(owner),
    payload: {
      name: `Shop ${counter}`,
      handle: `shop-${process.pid}-${counter}`,
      country: 'CN',
      currency: 'CNY',
      type: 'individual',
      ...overrides,
    },
  });
  if (response.statusCode !== 201) throw new Error(`open store failed: ${response.body}`);
  return response.json().store as { id: string; handle: string; [key: string]: unknown };
}

export const TWO_SKUS = {
  options: [{ name: '颜色', values: ['红', '蓝'] }],
  skus: [
    { options: ['红'], price_minor: 1990, stock: 10, weight_g: 120 },
    { options: ['蓝'], price_minor: 2490, stock: 4, weight_g: 120 },
  ],
};

export async function listProduct(app: FastifyInstance, member: Session, storeId: string, overrides: Record<string, unknown> = {}) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers: asSession(member),
    payload: { store_id: storeId, title: '手机壳 Phone case', category_id: 'cat_phone-cases', ...TWO_SKUS, status: 'active', ...overrides },
  });
  if (response.statusCode !== 201) throw new Error(`list product failed: ${response.body}`);
  return response.json().product as { id: string; skus: { id: string; stock: number }[]; [key: string]: unknown };
}
