import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { RunningServer } from './server.js';

/** Helpers for the buying browser test: accounts and stores made through the API, people in browsers. */
export const PASSWORD = 'market fair 2026!';
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;
export const DESKTOP = { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 } as const;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

type Send = (method: string, path: string, body?: unknown, type?: string) => Promise<Record<string, unknown>>;

/** Signs up through the API and answers a function that calls the API as that person (cookie and CSRF token). */
export async function signUp(server: RunningServer, email: string, name: string): Promise<Send> {
  const response = await fetch(`${server.url}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, display_name: name }),
  });
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${await response.text()}`);
  const { csrf_token } = (await response.json()) as { csrf_token: string };
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return async (method, path, body, type = 'application/json') => {
    const answer = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': type, cookie, 'x-csrf-token': csrf_token },
      body: body === undefined ? null : type === 'application/json' ? JSON.stringify(body) : new Uint8Array(body as Buffer),
    });
    if (answer.status >= 300) throw new Error(`${method} ${path} failed: ${answer.status} ${await answer.text()}`);
    return (await answer.json()) as Record<string, unknown>;
  };
}

/** A square product photo: a rounded shape on the product's colour. */
export function photo(colour: string, shape: string): Promise<Buffer> {
  return sharp(
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600">
      <rect width="600" height="600" fill="${colour}"/>${shape}</svg>`),
  )
    .png()
    .toBuffer();
}

export interface Listing {
  store: { id: string; handle: string; name: string };
  product: { id: string };
}

/** Opens a store with one product (one SKU, a photo) and, if given, a flat shipping fee. */
export async function listInNewStore(
  send: Send,
  input: { name: string; handle: string; title: string; price_minor: number; colour: string; shipping_minor?: number },
): Promise<Listing> {
  const { store } = (await send('POST', '/stores', {
    name: input.name,
    handle: input.handle,
    country: 'CN',
    currency: 'CNY',
    type: 'individual',
  })) as { store: { id: string; handle: string } };
  const { product } = (await send('POST', '/products', {
    store_id: store.id,
    title: input.title,
    category_id: 'cat_hair-accessories',
    skus: [{ options: [], price_minor: input.price_minor, stock: 20, weight_g: 150 }],
    status: 'active',
  })) as { product: { id: string } };
  await send(
    'POST',
    `/products/${product.id}/images`,
    await photo(input.colour, '<circle cx="300" cy="300" r="170" fill="#fff" opacity="0.8"/>'),
    'image/png',
  );
  if (input.shipping_minor) await send('PUT', `/stores/${store.id}/shipping-rule`, { mode: 'flat', base_minor: input.shipping_minor });
  return { store: { ...store, name: input.name }, product };
}

/** Makes an operator account with the CLI, against the running server's data directory. */
export function createOperator(server: RunningServer, email: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: server.dataDir, PASSWORD_HASH_COST: '10', LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'NATS_URL']) delete env[name];
  const result = spawnSync(process.execPath, [join(root, 'bin', 'jishi.js'), 'admin', 'create', '--email', email, '--password', PASSWORD], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`jishi admin create failed: ${result.stderr}${result.stdout}`);
}

export interface Actor {
  context: BrowserContext;
  page: Page;
  errors: string[];
  shot: (name: string, target?: Locator) => Promise<void>;
}

/** A browser context for one person, with a screenshot helper that also checks nothing overflows sideways. */
export async function actor(
  browser: Browser,
  server: RunningServer,
  screenshots: string,
  prefix: string,
  device: typeof PHONE | typeof DESKTOP,
): Promise<Actor> {
  const context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', ...device });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) errors.push(message.text());
  });
  let step = 0;
  const shot = async (name: string, target?: Locator) => {
    step += 1;
    await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${prefix} ${name}: the page is wider than the screen`).toBeLessThanOrEqual(0);
    if (target) await target.scrollIntoViewIfNeeded();
    else await page.evaluate(() => window.scrollTo(0, 0));
    const path = join(screenshots, `${prefix}-${String(step).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path, fullPage: !device.isMobile, animations: 'disabled', caret: 'hide' });
  };
  return { context, page, errors, shot };
}

/** Signs in through the sign-in page, then lands on `next`. */
export async function signIn(page: Page, email: string, next: string): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
}
