import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type BrowserSession, DESKTOP, openActor, openBrowserSession, PHONE } from '../support/browser.js';
import { decodeQr } from '../support/qr.js';
import type { RunningServer } from '../support/server.js';

/**
 * Mei's story, first part, in a real browser on a phone: she signs up, opens a store for
 * free, customizes the storefront, lists a product with two SKUs and a photo, publishes,
 * and downloads the store's QR code. The QR code is decoded like a phone camera would, and
 * a buyer who is not signed in follows it to the store and the product. The share page then
 * counts the visits as from a QR code. A desktop pass looks at the same pages at 1280×800.
 * Screenshots of every step go to test/e2e/screenshots/ (seller-*, buyer-*).
 */
const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const PASSWORD = 'market fair 2026!';

const STORE_NAME = '小美手作饰品';
const ANNOUNCEMENT = '新品上架：手工珍珠发夹，满 99 包邮！';
const PRODUCT_TITLE = '手工编织珍珠发夹';
const THEME = '#c2255c';

let server: RunningServer;
let browser: Browser;
const handle = `mei-${process.pid}`;
const sellerEmail = `mei.${process.pid}@example.com`;

/** Pictures as a phone would take them, drawn here with sharp. */
function picture(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const logoPng = () =>
  picture(`<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400">
    <rect width="400" height="400" fill="${THEME}"/>
    <circle cx="200" cy="200" r="130" fill="#fff5f8"/>
    <circle cx="200" cy="200" r="70" fill="#f7c6d9"/>
    <circle cx="200" cy="200" r="26" fill="#fff"/>
  </svg>`);

const bannerPng = () =>
  picture(`<svg xmlns="http://www.w3.org/2000/svg" width="1500" height="600">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#ffe3ec"/><stop offset="1" stop-color="#f3a6c0"/></linearGradient></defs>
    <rect width="1500" height="600" fill="url(#g)"/>
    ${Array.from({ length: 9 }, (_, index) => `<circle cx="${180 + index * 140}" cy="${300 + Math.round(Math.sin(index) * 90)}" r="54" fill="#fffaf5" opacity="0.92"/>`).join('')}
  </svg>`);

const productPng = (background: string, pearl: string) =>
  picture(`<svg xmlns="http://www.w3.org/2000/svg" width="900" height="900">
    <rect width="900" height="900" fill="${background}"/>
    <rect x="170" y="380" width="560" height="120" rx="60" fill="#d9b48f"/>
    ${Array.from({ length: 6 }, (_, index) => `<circle cx="${240 + index * 84}" cy="440" r="46" fill="${pearl}" stroke="#e8dccf" stroke-width="4"/>`).join('')}
  </svg>`);

let session: BrowserSession | undefined;

beforeAll(async () => {
  session = await openBrowserSession(SCREENSHOTS);
  ({ server, browser } = session);
});

afterAll(async () => {
  await session?.close();
});

// Playwright's innerText (the text as shown, not the DOM property biome has in mind).
// biome-ignore lint/performance/useDomNodeTextContent: this is Locator.innerText, not HTMLElement.innerText
const textOf = (locator: Locator) => locator.innerText();

/** A browser context for one person (see openActor); a whole-page capture unsticks the save bar. */
function actor(prefix: string, device: typeof PHONE | typeof DESKTOP): Promise<Actor> {
  return openActor(browser, {
    baseURL: server.url,
    screenshots: SCREENSHOTS,
    prefix,
    device,
    acceptDownloads: true,
    // A whole-page capture would paint the sticky save bar where the screen's bottom was; put it in its place.
    beforeWholePage: async (page) => {
      await page.addStyleTag({ content: '.action-bar { position: static; }' });
    },
  });
}

/** Makes an operator account with the CLI, against the running server's data directory. */
function createOperator(email: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: server.dataDir, PASSWORD_HASH_COST: '10', LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'NATS_URL']) delete env[name];
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const result = spawnSync(process.execPath, [join(root, 'bin', 'jishi.js'), 'admin', 'create', '--email', email, '--password', PASSWORD], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`jishi admin create failed: ${result.stderr}${result.stdout}`);
}

async function download(page: Page, link: Locator): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await file.path();
  return readFile(path);
}

describe('Mei opens a store on her phone and a buyer finds it by its QR code', () => {
  let seller: Actor;
  let buyer: Actor;
  let storeId = '';
  let productId = '';
  let storeQrUrl = '';
  let productQrUrl = '';

  beforeAll(async () => {
    seller = await actor('seller', PHONE);
    buyer = await actor('buyer', PHONE);
  });

  afterAll(async () => {
    await seller?.context.close();
    await buyer?.context.close();
  });

  it('signs up and opens a store for free, with the handle error shown beside its field', async () => {
    const { page, shot } = seller;
    await page.goto('/signup?next=/seller');
    await page.getByLabel('邮箱').fill(sellerEmail);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByLabel('昵称').fill('小美');
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await page.waitForURL(/\/seller$/);
    await page.getByRole('heading', { level: 1, name: '卖家中心' }).waitFor();
    // The phone's tab bar has the seller center once signed in.
    expect(await page.locator('.tabbar').getByRole('link', { name: '开店' }).isVisible()).toBe(true);
    await shot('no-store-yet');

    await page.getByTestId('open-store-link').click();
    await page.getByRole('heading', { level: 1, name: '免费开店' }).waitFor();
    // Country and currency default to China and yuan.
    expect(await page.getByLabel('所在国家或地区').inputValue()).toBe('CN');
    expect(await page.getByLabel('结算货币').inputValue()).toBe('CNY');
    await page.getByLabel('店铺名称').fill(STORE_NAME);
    // Typing is cleaned to what a handle may hold.
    await page.getByLabel('店铺地址').fill('Seller');
    expect(await page.getByLabel('店铺地址').inputValue()).toBe('seller');
    await page.getByLabel('店铺介绍').fill('手工编织的发夹和耳饰，每一件都是小美亲手做的。\n周末在南锣鼓巷摆摊。');
    await page.getByText('个人卖自己的东西').click();
    await page.getByRole('button', { name: '免费开店' }).click();
    // "seller" is reserved: the server's param puts the message under the handle field.
    await page.locator('[data-field-error="handle"]').getByText('这个店铺地址已经被使用了').waitFor();
    await shot('open-store-handle-taken', page.locator('[data-field-error="handle"]'));

    await page.getByLabel('店铺地址').fill(handle);
    await page.getByRole('button', { name: '免费开店' }).click();
    await page.waitForURL(/\/seller\/sto_[0-9A-Z]+\?opened=1$/);
    storeId = new URL(page.url()).pathname.split('/')[2] ?? '';
    await page.getByText(`「${STORE_NAME}」开张啦！`).waitFor();
    expect(await textOf(page.getByTestId('seller-store-name'))).toBe(STORE_NAME);
    await page.getByRole('heading', { name: '开店清单' }).waitFor();
    await shot('dashboard-new');
  });

  it('customizes the storefront: theme colour, logo, banner and announcement, saved as a draft', async () => {
    const { page, shot } = seller;
    await page.getByRole('link', { name: '店铺装修' }).first().click();
    await page.getByRole('heading', { level: 1, name: '店铺装修' }).waitFor();
    await page.locator(`[data-colour="${THEME}"]`).click();
    expect(await page.locator(`[data-colour="${THEME}"]`).getAttribute('aria-pressed')).toBe('true');

    await page.getByTestId('logo-input').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: await logoPng() });
    await expect.poll(() => page.getByTestId('logo-preview').getAttribute('src')).toMatch(/^\/media\/img\//);
    await page.getByTestId('banner-input').setInputFiles({ name: 'banner.png', mimeType: 'image/png', buffer: await bannerPng() });
    await expect.poll(() => page.getByTestId('banner-preview').getAttribute('src')).toMatch(/^\/media\/img\//);

    await page.getByLabel('店铺公告').fill(ANNOUNCEMENT);
    await shot('storefront-look', page.getByTestId('logo-field'));
    await page.getByRole('button', { name: '存草稿' }).click();
    await page.getByText('草稿已保存。').waitFor();
    await page.getByText('有未发布的修改').waitFor();
    await shot('storefront-draft-saved', page.getByLabel('店铺公告'));
  });

  it('lists a product with two colours at different prices and a photo, and publishes it', async () => {
    const { page, shot } = seller;
    await page.getByRole('link', { name: '商品', exact: true }).click();
    await page.getByText('还没有商品').waitFor();
    await shot('products-empty');
    await page.getByTestId('new-product').click();
    await page.getByRole('heading', { level: 1, name: '上架新商品' }).waitFor();

    await page.getByTestId('photo-input').setInputFiles([
      { name: 'clip-white.png', mimeType: 'image/png', buffer: await productPng('#f6efe6', '#fffdf8') },
      { name: 'clip-pink.png', mimeType: 'image/png', buffer: await productPng('#fbe9ef', '#f9c9d8') },
    ]);
    await expect.poll(() => page.getByTestId('photo-item').count()).toBe(2);
    await page.getByLabel('商品标题').fill(PRODUCT_TITLE);
    await page.getByLabel('商品分类').selectOption('cat_hair-accessories');
    await page.getByLabel('商品描述').fill('淡水珍珠手工编织，每颗珍珠都经过挑选。\n适合日常和约会。\n\n尺寸：长 6 厘米');

    // Options make the SKUs: one colour option with two values.
    await page.getByRole('button', { name: '+ 颜色' }).click();
    expect(await page.getByLabel('规格名称').inputValue()).toBe('颜色');
    const valueInput = page.getByLabel('添加选项');
    await valueInput.fill('珍珠白');
    await page.getByRole('button', { name: '添加', exact: true }).click();
    await valueInput.fill('樱花粉');
    await valueInput.press('Enter');
    const white = page.locator('[data-testid="sku-row"][data-combo="珍珠白"]');
    const pink = page.locator('[data-testid="sku-row"][data-combo="樱花粉"]');
    await white.waitFor();
    await pink.waitFor();
    expect(await page.getByTestId('sku-row').count()).toBe(2);

    // Publishing without prices shows the error in each SKU's own price field.
    await page.getByTestId('publish').click();
    await white.getByText('请填写价格', { exact: true }).waitFor();
    await pink.getByText('请填写价格', { exact: true }).waitFor();
    await shot('product-missing-prices', white);

    await white.getByTestId('sku-price').fill('19.9');
    await white.getByTestId('sku-stock').fill('10');
    await white.getByTestId('sku-weight').fill('30');
    await pink.getByTestId('sku-price').fill('24.90');
    await pink.getByTestId('sku-stock').fill('5');
    await pink.getByTestId('sku-weight').fill('30');
    await page.getByRole('button', { name: '+ 添加参数' }).click();
    await page.getByLabel('参数名').fill('材质');
    await page.getByLabel('参数值').fill('淡水珍珠');
    await shot('product-form', white);

    await page.getByTestId('publish').click();
    await page.waitForURL(/\/products\/prd_[0-9A-Z]+$/);
    productId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.getByTestId('product-notice').getByText('商品已上架').waitFor();
    expect(await textOf(page.getByTestId('status-badge'))).toBe('在售');
    expect(await page.getByTestId('photo-item').count()).toBe(2);
    await shot('product-published');

    // The exact prices in fen reached the server.
    const prices = await page.evaluate(async (id) => {
      const answer = await (await fetch(`/api/v1/products/${id}`)).json();
      return answer.product.skus.map((sku: { options: string[]; price_minor: number }) => [sku.options[0], sku.price_minor]);
    }, productId);
    expect(prices).toEqual([
      ['珍珠白', 1990],
      ['樱花粉', 2490],
    ]);
  });

  it('adjusts stock with a reason and shows it in the history', async () => {
    const { page, shot } = seller;
    await page.getByRole('link', { name: '库存与记录' }).click();
    await page.getByRole('heading', { level: 1, name: '库存' }).waitFor();
    await page.getByLabel('规格').selectOption({ label: '樱花粉 · 现有 5 件' });
    await page.getByLabel('数量').fill('3');
    await page.getByRole('button', { name: '确认调整' }).click();
    await page.getByText('已调整，现在库存 8 件。').waitFor();
    await page.locator('.stock-history__row').first().getByText('+3').waitFor();
    await shot('stock');
    // Taking away more than there is: the server says no, beside the quantity.
    await page.getByRole('radio', { name: '出库 −' }).check();
    await page.getByLabel('数量').fill('100');
    await page.getByRole('button', { name: '确认调整' }).click();
    await page.locator('[data-field-error="quantity"]').getByText('库存不够减').waitFor();
  });

  it('features the product, previews the draft and publishes the storefront', async () => {
    const { page, shot } = seller;
    await page.getByRole('link', { name: '店铺装修' }).first().click();
    await page.getByRole('heading', { level: 1, name: '店铺装修' }).waitFor();
    // The draft saved earlier is what the editor starts from.
    expect(await page.getByLabel('店铺公告').inputValue()).toBe(ANNOUNCEMENT);
    await page.getByRole('button', { name: '+ 添加栏目' }).click();
    expect(await page.getByLabel('栏目名称').inputValue()).toBe('店长推荐');
    await page.locator('.product-check').filter({ hasText: PRODUCT_TITLE }).click();
    await shot('storefront-section', page.getByTestId('section-editor'));

    await page.getByRole('button', { name: '预览' }).click();
    await page.waitForURL(/\/storefront\/preview$/);
    await page.getByTestId('preview-notice').waitFor();
    await page.getByTestId('announcement').getByText(ANNOUNCEMENT).waitFor();
    await shot('storefront-preview');
    await page.getByTestId('preview-notice').getByRole('button', { name: '发布' }).click();
    await page.getByText('已发布！买家现在看到的就是新的店铺首页。').waitFor();
    await shot('storefront-published');
  });

  it('downloads the store QR code as PNG from the share page, and it decodes to the store', async () => {
    const { page, shot } = seller;
    await page.getByRole('link', { name: '分享', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '分享店铺' }).waitFor();
    await page.getByTestId('store-qr').locator('img').waitFor();
    expect(await textOf(page.getByTestId('share-url'))).toBe(`${server.url}/s/${handle}?src=weibo`);
    await page.getByRole('button', { name: '微信' }).click();
    expect(await textOf(page.getByTestId('share-url'))).toBe(`${server.url}/s/${handle}?src=wechat`);
    await shot('share');
    await shot('share-link', page.getByTestId('copy-link'));

    const png = await download(page, page.getByTestId('store-qr-png'));
    storeQrUrl = (await decodeQr(png)) ?? '';
    expect(storeQrUrl).toBe(`${server.url}/s/${handle}?src=qr`);
  });

  it('downloads the product QR code, which decodes to the product page', async () => {
    const { page, shot } = seller;
    await page.goto(`/seller/${storeId}/products/${productId}`);
    await page.getByTestId('product-qr').locator('img').waitFor();
    await shot('product-share', page.getByTestId('product-qr'));
    const png = await download(page, page.getByTestId('product-qr-png'));
    productQrUrl = (await decodeQr(png)) ?? '';
    expect(productQrUrl).toBe(`${server.url}/p/${productId}?src=qr`);
  });

  it('a buyer who scans the store QR code sees the store, its announcement and the product', async () => {
    const { page, shot } = buyer;
    await page.goto(storeQrUrl);
    await page.getByRole('heading', { level: 1, name: STORE_NAME }).waitFor();
    await page.getByTestId('announcement').getByText(ANNOUNCEMENT).waitFor();
    expect(await page.title()).toBe(`${STORE_NAME} · 集市 Jishi`);
    // The featured section and the list of all products both show it.
    await page.getByRole('heading', { name: '店长推荐' }).waitFor();
    expect(await page.getByTestId('product-tile').filter({ hasText: PRODUCT_TITLE }).count()).toBe(2);
    // The theme colour is the page's accent.
    const followBackground = await page.getByTestId('follow-button').evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(followBackground).toBe('rgb(194, 37, 92)');
    await shot('store');
    await shot('store-products', page.getByRole('heading', { name: '全部商品' }));
  });

  it('opens the product and sees each SKU’s price as it is picked', async () => {
    const { page, shot } = buyer;
    await page.getByTestId('product-tile').filter({ hasText: PRODUCT_TITLE }).first().click();
    await page.waitForURL(new RegExp(`/p/${productId}$`));
    await page.getByRole('heading', { level: 1, name: PRODUCT_TITLE }).waitFor();
    const price = page.getByTestId('product-price');
    expect(await textOf(price)).toBe('¥19.90 – ¥24.90');
    expect(await textOf(page.getByTestId('product-stock'))).toContain('请选择 颜色');
    await shot('product');

    await page.getByRole('button', { name: '珍珠白' }).click();
    await expect.poll(() => textOf(price)).toBe('¥19.90');
    expect(await textOf(page.getByTestId('product-stock'))).toContain('库存 10 件');
    await shot('product-white', page.locator('.sku-picker'));
    await page.getByRole('button', { name: '樱花粉' }).click();
    await expect.poll(() => textOf(price)).toBe('¥24.90');
    expect(await textOf(page.getByTestId('product-stock'))).toContain('库存 8 件');
    // Details: attributes and the description with its line breaks.
    await page.getByText('淡水珍珠', { exact: true }).waitFor();
    expect(await textOf(page.locator('.product__description'))).toContain('适合日常和约会。\n');
    await shot('product-pink', page.locator('.sku-picker'));
    await shot('product-details', page.locator('.product__description'));

    // A signed-out buyer who taps "收藏" is asked to sign in first, and comes back after.
    await page.getByTestId('favourite-button').click();
    await page.waitForURL(/\/signin\?next=/);
  });

  it('a buyer who scans the product QR code lands on the product', async () => {
    const { page, shot } = buyer;
    await page.goto(productQrUrl);
    await page.getByRole('heading', { level: 1, name: PRODUCT_TITLE }).waitFor();
    await page.getByTestId('store-card').getByText(STORE_NAME).waitFor();
    await shot('product-from-qr');
    await page.getByTestId('store-card').click();
    await page.waitForURL(new RegExp(`/s/${handle}$`));
    // The landing page lists what was just put on sale.
    await page.locator('.tabbar').getByRole('link', { name: '首页' }).click();
    await page.getByRole('heading', { name: '新上架' }).waitFor();
    await page.getByTestId('product-tile').filter({ hasText: PRODUCT_TITLE }).waitFor();
    await shot('home-latest', page.getByRole('heading', { name: '新上架' }));
  });

  it('the share page counts both visits as from a QR code', async () => {
    const { page, shot, errors } = seller;
    await page.goto(`/seller/${storeId}/share`);
    const qr = page.getByTestId('visits-qr');
    await qr.waitFor();
    expect(await textOf(qr.locator('.visits__count'))).toBe('2');
    await shot('share-visits', page.getByRole('heading', { name: '近 30 天访问来源' }));
    await page.goto(`/seller/${storeId}`);
    await page.getByText('近 30 天访问').waitFor();
    await shot('dashboard-after');
    await page.locator('.tabbar').getByRole('link', { name: '我的' }).click();
    await page.getByRole('link', { name: /我的收藏/ }).waitFor();
    await shot('account');
    expect(errors).toEqual([]);
    expect(buyer.errors).toEqual([]);
  });

  it('reads well in English too', async () => {
    const { page, shot } = seller;
    await page.goto(`/seller/${storeId}`);
    await page.getByTestId('language-switch').click();
    await page.getByText('Visits, 30 days').waitFor();
    await shot('english-dashboard');
    await page.goto(`/seller/${storeId}/products/${productId}`);
    await page.getByRole('heading', { level: 1, name: 'Edit product' }).waitFor();
    await shot('english-product', page.locator('[data-testid="sku-row"]').first());
    await page.goto(`/p/${productId}`);
    await page.getByRole('button', { name: '珍珠白' }).click();
    await expect.poll(() => textOf(page.getByTestId('product-price'))).toBe('CN¥19.90');
    await shot('english-product-page', page.locator('.sku-picker'));
    await page.getByTestId('language-switch').click();
    await page.getByTestId('product-price').getByText('¥19.90').waitFor();
    // The choice is saved to the account, which the desktop pass signs in to.
    await expect.poll(() => page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).user.locale)).toBe('zh-CN');
  });

  describe('at 1280×800', () => {
    let desk: Actor;
    let shopper: Actor;

    beforeAll(async () => {
      desk = await actor('seller-desktop', DESKTOP);
      shopper = await actor('buyer-desktop', DESKTOP);
    });

    afterAll(async () => {
      await desk?.context.close();
      await shopper?.context.close();
    });

    it('shows the store page and the product page to a buyer, who follows and favourites', async () => {
      const { page, shot } = shopper;
      await page.goto(`/s/${handle}`);
      await page.getByRole('heading', { level: 1, name: STORE_NAME }).waitFor();
      await page.getByTestId('product-tile').first().waitFor();
      await shot('store');
      await page.getByTestId('product-tile').first().click();
      await page.getByRole('heading', { level: 1, name: PRODUCT_TITLE }).waitFor();
      await page.getByRole('button', { name: '樱花粉' }).click();
      await shot('product');

      // Signed up, the buyer favourites the product and follows the store.
      await page.getByTestId('favourite-button').click();
      await page.waitForURL(/\/signin\?next=/);
      await page.getByRole('link', { name: '免费注册' }).first().click();
      await page.getByLabel('邮箱').fill(`buyer.${process.pid}@example.com`);
      await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: '注册', exact: true }).click();
      await page.waitForURL(new RegExp(`/p/${productId}$`));
      await page.getByTestId('favourite-button').click();
      await expect.poll(() => page.getByTestId('favourite-button').getAttribute('aria-pressed')).toBe('true');
      await page.getByTestId('store-card').click();
      await page.getByTestId('follow-button').click();
      await expect.poll(() => textOf(page.getByTestId('follower-count'))).toBe('1 位粉丝');
      await page.goto('/me/favourites');
      await page.getByTestId('product-tile').filter({ hasText: PRODUCT_TITLE }).waitFor();
      await shot('favourites');
      await page.goto('/me/following');
      await page.getByText(STORE_NAME).waitFor();
      await shot('following');
      await page.goto('/c/cat_accessories');
      await page.getByTestId('product-tile').filter({ hasText: PRODUCT_TITLE }).waitFor();
      await shot('category');
      await page.goto('/c');
      await page.getByRole('link', { name: '发饰' }).waitFor();
      await shot('categories');
    });

    it('shows the seller center to Mei', async () => {
      const { page, shot, errors } = desk;
      await page.goto(`/signin?next=/seller/${storeId}`);
      await page.getByLabel('邮箱').fill(sellerEmail);
      await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL(new RegExp(`/seller/${storeId}$`));
      await page.getByText('近 30 天访问').waitFor();
      await shot('dashboard');
      await page.getByRole('link', { name: '店铺装修' }).first().click();
      await page.getByText('买家看到的是最新版本').waitFor();
      await shot('storefront');
      await page.getByRole('link', { name: '商品', exact: true }).click();
      await page.getByTestId('product-row').first().waitFor();
      await shot('products');
      await page.getByTestId('product-row').first().click();
      await page.getByRole('heading', { level: 1, name: '编辑商品' }).waitFor();
      await shot('product');
      await page.getByRole('link', { name: '分享', exact: true }).click();
      await page.getByTestId('visits-qr').waitFor();
      await shot('share');
      await page.getByRole('link', { name: '团队' }).click();
      await page.getByLabel('店员的邮箱').fill('nobody@example.com');
      await page.getByRole('button', { name: '添加', exact: true }).click();
      await page.locator('[data-field-error="email"]').getByText('没有用这个邮箱注册的账户').waitFor();
      await shot('team');
      await page.getByRole('link', { name: '设置' }).click();
      await page.getByRole('heading', { level: 1, name: '店铺设置' }).waitFor();
      await shot('settings');

      // A second store, a brand, sends its trademark certificate for verification.
      await page.goto('/seller');
      await page.getByTestId('my-store').first().waitFor();
      await shot('my-stores');
      await page.getByRole('link', { name: '再开一家' }).click();
      await page.getByLabel('店铺名称').fill('珠光 Pearl Glow');
      await page.getByLabel('店铺地址').fill(`pearl-glow-${process.pid}`);
      await page.getByText('经营自有或授权品牌').click();
      await page.getByRole('button', { name: '免费开店' }).click();
      await page.waitForURL(/\/seller\/sto_[0-9A-Z]+\?opened=1$/);
      await page.getByRole('link', { name: '品牌认证' }).click();
      await page.getByTestId('brand-status').getByText('未认证').waitFor();
      await page
        .getByTestId('brand-document-input')
        .setInputFiles({ name: 'certificate.png', mimeType: 'image/png', buffer: await logoPng() });
      await page.getByLabel('说明').fill('商标注册号 12345678');
      await page.getByRole('button', { name: '提交审核' }).click();
      await page.getByTestId('brand-status').getByText('审核中').waitFor();
      await page.getByText('商标注册号 12345678').waitFor();
      await shot('brand');
      expect(errors).toEqual([]);
    });

    it('an operator approves the brand, and its store shows the verified badge', async () => {
      const operatorEmail = `operator.${process.pid}@example.com`;
      createOperator(operatorEmail);
      const operator = await actor('operator-desktop', DESKTOP);
      try {
        const { page, shot, errors } = operator;
        await page.goto('/signin?next=/account');
        await page.getByLabel('邮箱').fill(operatorEmail);
        await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
        await page.getByRole('button', { name: '登录', exact: true }).click();
        await page.getByRole('link', { name: /品牌审核/ }).click();
        const card = page.getByTestId('brand-review').filter({ hasText: '珠光 Pearl Glow' });
        await card.locator('img').first().waitFor();
        await shot('brand-reviews');
        await card.getByLabel('审核说明').fill('商标注册证清晰，与店铺名称一致。');
        await card.getByRole('button', { name: '通过', exact: true }).click();
        await card.waitFor({ state: 'detached' });
        await page.goto(`/s/pearl-glow-${process.pid}`);
        await page.getByRole('heading', { level: 1, name: '珠光 Pearl Glow' }).getByTestId('verified-badge').waitFor();
        await shot('verified-store');
        expect(errors).toEqual([]);
      } finally {
        await operator.context.close();
      }
    });
  });
});
