import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { DESKTOP, openActor, PHONE } from './browser.js';
import type { RunningServer } from './server.js';

export { DESKTOP, PHONE };

/** Helpers for the buying browser test: accounts and stores made through the API, people in browsers. */
export const PASSWORD = 'market fair 2026!';
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

/** A browser context for one person (see openActor). */
export function actor(browser: Browser, server: RunningServer, screenshots: string, prefix: string, device: typeof PHONE | typeof DESKTOP) {
  return openActor(browser, { baseURL: server.url, screenshots, prefix, device });
}

/** Signs in through the sign-in page, then lands on `next`. */
export async function signIn(page: Page, email: string, next: string): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
}
