import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type BrowserSession, openBrowserSession } from '../support/browser.js';
import { actor, createOperator, DESKTOP, type Listing, listInNewStore, PHONE, photo, signIn, signUp } from '../support/buying.js';
import type { RunningServer } from '../support/server.js';

/**
 * Buying with escrow, in a real browser against the real built server. A seller has two
 * stores with one product each (set up through the API). On a 390×844 phone the buyer adds
 * both to the cart, checks out with a new address, has a test card declined, pays with the
 * card that needs the bank's confirmation, and sees the orders; the seller ships each with a
 * tracking number (one on the phone, one at 1280×800); the buyer confirms receipt of one and
 * the seller's wallet shows it held, less the 5% commission. On the other order the buyer
 * asks for a refund, the seller declines, the buyer escalates with a photo, and an operator
 * decides a partial refund. A desktop pass tops up the wallet. Screenshots: buying-*.
 */
const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const pid = process.pid;

let session: BrowserSession | undefined;
let server: RunningServer;
let browser: Browser;
let hairpin: Listing;
let tea: Listing;
const sellerEmail = `buying.seller.${pid}@example.com`;
const buyerEmail = `buying.buyer.${pid}@example.com`;

beforeAll(async () => {
  session = await openBrowserSession(SCREENSHOTS);
  ({ server, browser } = session);
  const seller = await signUp(server, sellerEmail, '小美');
  hairpin = await listInNewStore(seller, {
    name: '小美手作',
    handle: `mei-buy-${pid}`,
    title: '手工编织珍珠发夹',
    price_minor: 3900,
    colour: '#f7c6d9',
  });
  tea = await listInNewStore(seller, {
    name: '阿强茶铺',
    handle: `tea-buy-${pid}`,
    title: '明前龙井 50g',
    price_minor: 2500,
    colour: '#cfe3c1',
    shipping_minor: 800,
  });
  await signUp(server, buyerEmail, '小林');
});

afterAll(async () => {
  await session?.close();
});

describe('a buyer pays two stores into escrow, and the money moves when the goods arrive', () => {
  let buyer: Actor;
  let seller: Actor;
  const orderIds: Record<'hairpin' | 'tea', string> = { hairpin: '', tea: '' };

  beforeAll(async () => {
    buyer = await actor(browser, server, SCREENSHOTS, 'buying-buyer', PHONE);
    seller = await actor(browser, server, SCREENSHOTS, 'buying-seller', PHONE);
  });

  afterAll(async () => {
    await buyer?.context.close();
    await seller?.context.close();
  });

  it('fills the cart from two stores on a phone', { timeout: 60_000 }, async () => {
    const { page, shot } = buyer;
    await signIn(page, buyerEmail, `/p/${hairpin.product.id}`);
    await page.getByTestId('add-to-cart').click();
    await page.getByTestId('added-to-cart').waitFor();
    await expect.poll(() => page.getByTestId('cart-count').textContent()).toBe('1');
    await shot('product', page.getByTestId('buy-box'));

    await page.goto(`/p/${tea.product.id}`);
    await page.getByRole('button', { name: '增加「明前龙井 50g」的数量' }).click();
    await page.getByTestId('add-to-cart').click();
    await expect.poll(() => page.getByTestId('cart-count').textContent()).toBe('3');

    await page.getByTestId('cart-link').click();
    await page.waitForURL(/\/cart$/);
    await expect.poll(() => page.getByTestId('cart-store').count()).toBe(2);
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('¥89.00');
    await shot('cart');
  });

  it('checks out with a new address, a declined card, then a card the bank confirms', { timeout: 60_000 }, async () => {
    const { page, shot } = buyer;
    await page.getByTestId('go-checkout').click();
    await page.waitForURL(/\/checkout$/);
    const form = page.getByTestId('address-form');
    await form.getByLabel('收货人').fill('林小姐');
    await form.getByLabel('手机号').fill('138 0013 8000');
    await form.getByLabel('城市').fill('杭州');
    await form.getByLabel('详细地址').fill('西湖区文三路 90 号 3 幢 501');
    await page.getByTestId('save-address').click();
    await page.getByRole('radio', { name: /林小姐/ }).waitFor();
    await expect.poll(() => page.getByTestId('checkout-total').textContent()).toBe('¥97.00');
    await shot('checkout');
    await shot('checkout-stores', page.getByTestId('checkout-store').last());

    await page.getByTestId('place-order').click();
    await page.waitForURL(/\/checkout\/pay\?orders=/);
    await expect.poll(() => page.getByTestId('pay-amount').textContent()).toBe('¥97.00');
    await page.getByRole('button', { name: /4000 0000 0000 0002/ }).click();
    await page.getByTestId('pay-submit').click();
    await page.getByTestId('form-error').filter({ hasText: '银行卡被拒绝' }).waitFor();
    await shot('pay-declined', page.getByTestId('form-error'));

    await page.getByRole('button', { name: /4000 0000 0000 3220/ }).click();
    await page.getByTestId('pay-submit').click();
    await page.getByTestId('payment-pending').waitFor();
    await shot('pay-pending');
    await page.getByTestId('payment-succeeded').waitFor({ timeout: 20_000 });
    await shot('paid');

    await page.getByRole('link', { name: '查看我的订单' }).click();
    await page.waitForURL(/\/orders$/);
    const cards = page.getByTestId('order-card');
    await expect.poll(() => cards.count()).toBe(2);
    await expect.poll(() => cards.getByTestId('order-state').allTextContents()).toEqual(['待发货', '待发货']);
    await page.getByText('明前龙井 50g').waitFor();
    await shot('orders');
    for (const [key, listing] of [
      ['hairpin', hairpin],
      ['tea', tea],
    ] as const) {
      const href = await cards.filter({ hasText: listing.store.name }).getAttribute('href');
      orderIds[key] = href?.split('/').pop() ?? '';
    }
    expect(orderIds.hairpin).toMatch(/^ord_/);
  });

  it('the seller ships each order with a tracking number', { timeout: 60_000 }, async () => {
    const { page, shot } = seller;
    await signIn(page, sellerEmail, `/seller/${hairpin.store.id}/orders`);
    await page.getByTestId('order-card').click();
    await page.getByTestId('ship-form').getByLabel('运单号').fill('SF1234567890');
    await shot('ship-form', page.getByTestId('ship-form'));
    await page.getByTestId('ship-submit').click();
    await expect.poll(() => page.getByTestId('order-state').textContent()).toBe('已发货');
    await page.getByTestId('tracking-number').filter({ hasText: 'SF1234567890' }).waitFor();
    await shot('shipped');

    const desk = await actor(browser, server, SCREENSHOTS, 'buying-seller-desktop', DESKTOP);
    try {
      await signIn(desk.page, sellerEmail, `/seller/${tea.store.id}/orders?state=paid`);
      await desk.page.getByTestId('order-card').click();
      await desk.page.getByTestId('ship-form').waitFor();
      await desk.shot('order-to-ship');
      await desk.page.getByLabel('快递公司', { exact: true }).selectOption({ label: '中通快递' });
      await desk.page.getByTestId('ship-form').getByLabel('运单号').fill('ZTO-7788-9900');
      await desk.page.getByTestId('ship-submit').click();
      await expect.poll(() => desk.page.getByTestId('order-state').textContent()).toBe('已发货');
      await desk.shot('order-shipped');
      expect(desk.errors).toEqual([]);
    } finally {
      await desk.context.close();
    }
  });

  it('the buyer confirms receipt, and the seller holds the payment less 5% commission', { timeout: 60_000 }, async () => {
    const { page, shot } = buyer;
    await page.goto(`/orders/${orderIds.hairpin}`);
    await page.getByTestId('tracking-number').filter({ hasText: 'SF1234567890' }).waitFor();
    await page.getByTestId('action-confirm-receipt').click();
    await shot('confirm-receipt', page.getByTestId('order-actions'));
    await page.getByTestId('action-confirm-receipt-confirm').click();
    await expect.poll(() => page.getByTestId('order-state').textContent()).toBe('已完成');
    await page.getByTestId('timeline').getByText('确认收货').waitFor();
    await shot('completed');
    await shot('completed-history', page.getByTestId('timeline'));

    await seller.page.goto(`/seller/${hairpin.store.id}/wallet`);
    // ¥39.00 paid, free shipping, 5% commission on the goods: ¥37.05 held for the hold period.
    await expect.poll(() => seller.page.getByTestId('held-balance').textContent()).toBe('¥37.05');
    await expect.poll(() => seller.page.getByTestId('available-balance').textContent()).toBe('¥0.00');
    await seller.page.getByTestId('wallet-history').getByText('订单结算').waitFor();
    await seller.shot('wallet');
    await seller.shot('wallet-history', seller.page.getByTestId('wallet-history'));
  });

  it('a refund is declined, escalated with a photo, and an operator refunds part of it', { timeout: 90_000 }, async () => {
    const { page, shot } = buyer;
    await page.goto(`/orders/${orderIds.tea}`);
    await page.getByTestId('request-refund').click();
    await page.getByRole('radio', { name: /仅退款/ }).check();
    await page.getByLabel('退款原因').selectOption('not_as_described');
    await page.getByLabel('退款金额').fill('20');
    await page.getByLabel('补充说明').fill('茶叶受潮结块，和图片不一样。');
    await shot('refund-form');
    await page.getByTestId('refund-submit').click();
    await page.waitForURL(/\/refunds\/rfd_|\/refunds\//);
    await expect.poll(() => page.getByTestId('refund-state').textContent()).toBe('待处理');
    await shot('refund-requested');

    await seller.page.goto(`/seller/${tea.store.id}/refunds`);
    const row = seller.page.getByTestId('refund-row');
    await row.getByRole('button', { name: '拒绝' }).click();
    await row.getByLabel('拒绝原因').fill('发货前检查过，包装完好。');
    await seller.shot('refund-decline', row);
    await row.getByRole('button', { name: '确认拒绝' }).click();
    await expect.poll(() => row.getByTestId('refund-state').textContent()).toBe('已拒绝');

    await page.reload();
    await page.getByTestId('open-dispute').click();
    await page.getByLabel('说明情况').fill('收到时茶叶已经受潮结块，附上照片。希望退款 20 元。');
    await page.getByRole('button', { name: '提交给平台' }).click();
    await page.waitForURL(/\/disputes\//);
    const composer = page.getByTestId('dispute-composer');
    await composer.getByLabel('补充说明或证据').fill('这是收到时的样子。');
    await composer.locator('input[type=file]').setInputFiles({
      name: 'tea.png',
      mimeType: 'image/png',
      buffer: await photo('#8a9a6e', '<rect x="150" y="200" width="300" height="200" rx="30" fill="#5d6b45"/>'),
    });
    await composer.getByRole('button', { name: '发送' }).click();
    await page.getByTestId('dispute-messages').locator('img').waitFor();
    await shot('dispute');

    const operatorEmail = `buying.operator.${pid}@example.com`;
    createOperator(server, operatorEmail);
    const operator = await actor(browser, server, SCREENSHOTS, 'buying-operator', DESKTOP);
    try {
      await signIn(operator.page, operatorEmail, '/operator/disputes');
      await operator.page.getByTestId('dispute-card').waitFor();
      await operator.shot('disputes');
      await operator.page.getByTestId('dispute-card').click();
      const decide = operator.page.getByTestId('decide-form');
      await decide.getByRole('radio', { name: '部分退款' }).check();
      await decide.getByLabel('退款金额').fill('10');
      await decide.getByLabel('裁决说明').fill('照片显示部分受潮，退一半。');
      await operator.page.getByTestId('dispute-messages').locator('img').waitFor();
      await operator.shot('dispute-decide');
      await decide.getByRole('button', { name: '提交裁决' }).click();
      await operator.page.getByTestId('dispute-outcome').waitFor();
      await operator.shot('dispute-decided');
      expect(operator.errors).toEqual([]);
    } finally {
      await operator.context.close();
    }
  });

  it('at 1280×800: orders, an order and a wallet top-up', { timeout: 60_000 }, async () => {
    const desk = await actor(browser, server, SCREENSHOTS, 'buying-buyer-desktop', DESKTOP);
    try {
      const { page, shot } = desk;
      await signIn(page, buyerEmail, '/orders');
      await expect.poll(() => page.getByTestId('order-card').count()).toBe(2);
      await shot('orders');
      await page.goto(`/orders/${orderIds.hairpin}`);
      await page.getByTestId('timeline').waitFor();
      await shot('order');
      await page.goto('/wallet');
      await page.getByTestId('top-up-open').click();
      const form = page.getByTestId('top-up-form');
      await form.getByLabel('金额').fill('100');
      await form.getByRole('button', { name: /4242 4242 4242 4242/ }).click();
      await shot('top-up');
      await page.getByTestId('top-up-submit').click();
      await page.getByTestId('wallet-history').getByText('充值').waitFor();
      await shot('wallet');
      expect(desk.errors).toEqual([]);
    } finally {
      await desk.context.close();
    }
    expect(buyer.errors).toEqual([]);
    expect(seller.errors).toEqual([]);
  });
});
