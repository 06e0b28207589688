import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type BrowserSession, DESKTOP, openActor, openBrowserSession, PHONE } from '../support/browser.js';
import type { RunningServer } from '../support/server.js';

/**
 * A buyer searches, in a real browser against the real built server. Two stores and six
 * products (Chinese, English and mixed titles) are listed through the API; on a 390×844
 * phone the buyer types 手机 into the top bar's box, moves through the suggestions with the
 * keyboard, sees the matched words marked in the titles, sorts by price both ways, narrows
 * with the filter sheet (in stock, a price range typed in yuan), opens a product and meets
 * the empty state. At 1280×800 the filters are a column: a misspelt English query is
 * corrected, categories are drilled into, a store type chosen, the page read in English,
 * and a category suggestion tapped. Screenshots go to test/e2e/screenshots/ (search-*).
 */
const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const PASSWORD = 'market fair 2026!';

let server: RunningServer;
let browser: Browser;
let session: BrowserSession | undefined;

interface Listing {
  store: 'mei' | 'factory';
  title: string;
  category: string;
  price_minor: number;
  stock: number;
  colour?: string;
}

const LISTINGS: Listing[] = [
  { store: 'mei', title: '硅胶手机壳 防摔软壳 iPhone 15', category: 'cat_phone-cases', price_minor: 1990, stock: 12, colour: '#f7c6d9' },
  { store: 'factory', title: 'Clear phone case 透明手机壳', category: 'cat_phone-cases', price_minor: 990, stock: 100, colour: '#dbeafe' },
  { store: 'factory', title: 'Leather phone case 真皮手机壳', category: 'cat_phone-cases', price_minor: 8900, stock: 0, colour: '#b08060' },
  {
    store: 'factory',
    title: '手机支架 桌面懒人支架 Phone stand',
    category: 'cat_chargers',
    price_minor: 2900,
    stock: 40,
    colour: '#d1d5db',
  },
  { store: 'mei', title: '手工编织珍珠发夹', category: 'cat_hair-accessories', price_minor: 3900, stock: 5, colour: '#fff5f8' },
  { store: 'mei', title: 'Handmade leather wallet 真皮钱包', category: 'cat_handbags', price_minor: 12900, stock: 3 },
];

/** Listed as well, to fill more than the 20 results of one page. */
const CABLES = 22;

/** id by title, filled in when the products are listed. */
const productIds = new Map<string, string>();

/** A product photo drawn with sharp: a case-like rounded shape on the product's colour. */
function photo(colour: string): Promise<Buffer> {
  return sharp(
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600">
      <rect width="600" height="600" fill="${colour}"/>
      <rect x="190" y="90" width="220" height="420" rx="44" fill="#ffffff" opacity="0.75" stroke="#8a7a6e" stroke-width="6"/>
      <circle cx="250" cy="160" r="26" fill="#8a7a6e" opacity="0.6"/>
    </svg>`),
  )
    .png()
    .toBuffer();
}

/** A seller signed up through the API, with the session cookie and CSRF token a browser would send. */
async function signUpSeller(): Promise<(path: string, body: unknown, type?: string) => Promise<Record<string, unknown>>> {
  const response = await fetch(`${server.url}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `search.seller.${process.pid}@example.com`, password: PASSWORD, display_name: '小美' }),
  });
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${await response.text()}`);
  const { csrf_token } = (await response.json()) as { csrf_token: string };
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return async (path, body, type = 'application/json') => {
    const answer = await fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': type, cookie, 'x-csrf-token': csrf_token },
      body: type === 'application/json' ? JSON.stringify(body) : new Uint8Array(body as Buffer),
    });
    if (answer.status !== 201 && answer.status !== 200) throw new Error(`POST ${path} failed: ${answer.status} ${await answer.text()}`);
    return (await answer.json()) as Record<string, unknown>;
  };
}

async function seed(): Promise<void> {
  const post = await signUpSeller();
  const stores = {
    mei: (
      await post('/stores', {
        name: '小美手作',
        handle: `mei-search-${process.pid}`,
        country: 'CN',
        currency: 'CNY',
        type: 'individual',
      })
    ).store as { id: string },
    factory: (
      await post('/stores', {
        name: 'Shenzhen Case Co. 深圳壳厂',
        handle: `case-factory-${process.pid}`,
        country: 'CN',
        currency: 'CNY',
        type: 'supplier',
      })
    ).store as { id: string },
  };
  for (const listing of LISTINGS) {
    const { product } = (await post('/products', {
      store_id: stores[listing.store].id,
      title: listing.title,
      category_id: listing.category,
      skus: [{ options: [], price_minor: listing.price_minor, stock: listing.stock, weight_g: 120 }],
      status: 'active',
    })) as { product: { id: string } };
    productIds.set(listing.title, product.id);
    if (listing.colour) await post(`/products/${product.id}/images`, await photo(listing.colour), 'image/png');
  }
  // More cables than one page of results holds.
  for (let index = 1; index <= CABLES; index += 1) {
    await post('/products', {
      store_id: stores.factory.id,
      title: `数据线 USB-C 快充线 ${index} 米`,
      category_id: 'cat_chargers',
      skus: [{ options: [], price_minor: 500 + index * 100, stock: 50, weight_g: 40 }],
      status: 'active',
    });
  }
}

beforeAll(async () => {
  session = await openBrowserSession(SCREENSHOTS);
  ({ server, browser } = session);
  await seed();
});

afterAll(async () => {
  await session?.close();
});

// Playwright's innerText (the text as shown, not the DOM property biome has in mind).
// biome-ignore lint/performance/useDomNodeTextContent: this is Locator.innerText, not HTMLElement.innerText
const textOf = (locator: Locator) => locator.innerText();

/** A browser context for one buyer (see openActor). */
function actor(prefix: string, device: typeof PHONE | typeof DESKTOP, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<Actor> {
  return openActor(browser, { baseURL: server.url, screenshots: SCREENSHOTS, prefix, device, locale });
}

const searchBox = (page: Page) => page.getByRole('combobox', { name: /搜索商品|Search products/ });
const tiles = (page: Page) => page.getByTestId('search-results').getByTestId('product-tile');
const titles = (page: Page) => tiles(page).locator('.product-tile__title').allInnerTexts();
const query = (page: Page) => new URL(page.url()).searchParams;

describe('a buyer searches on a phone', () => {
  let buyer: Actor;

  beforeAll(async () => {
    buyer = await actor('search-phone', PHONE);
  });

  afterAll(async () => {
    await buyer?.context.close();
  });

  it('types 手机 into the top bar, walks the suggestions with the keyboard and submits', async () => {
    const { page, shot } = buyer;
    await page.goto('/');
    await searchBox(page).waitFor();
    await shot('home');

    await searchBox(page).click();
    await searchBox(page).pressSequentially('手机', { delay: 40 });
    const list = page.getByRole('listbox', { name: '搜索建议' });
    await list.waitFor();
    expect(await searchBox(page).getAttribute('aria-expanded')).toBe('true');
    const options = list.getByRole('option');
    await options.first().waitFor();
    // What other buyers' titles complete 手机 to, and the categories named so.
    expect(await options.allInnerTexts()).toEqual(expect.arrayContaining(['手机壳', '手机数码\n分类']));
    await shot('suggestions');

    // Down picks the first suggestion, up goes back to what was typed, Escape closes the list.
    await searchBox(page).press('ArrowDown');
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    expect(await searchBox(page).getAttribute('aria-activedescendant')).toBe(await options.first().getAttribute('id'));
    await searchBox(page).press('ArrowUp');
    expect(await searchBox(page).getAttribute('aria-activedescendant')).toBeNull();
    await searchBox(page).press('Escape');
    await list.waitFor({ state: 'hidden' });

    await searchBox(page).press('Enter');
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === '手机');
    await tiles(page).first().waitFor();
    expect(await searchBox(page).inputValue()).toBe('手机');
  });

  it('shows the results with 手机 marked in each title, the store and the total', async () => {
    const { page, shot } = buyer;
    await page.getByRole('heading', { level: 1, name: '「手机」' }).waitFor();
    expect(await textOf(page.getByTestId('search-total'))).toBe('共 4 件商品');
    expect((await titles(page)).sort()).toEqual(
      [
        '硅胶手机壳 防摔软壳 iPhone 15',
        'Clear phone case 透明手机壳',
        'Leather phone case 真皮手机壳',
        '手机支架 桌面懒人支架 Phone stand',
      ].sort(),
    );
    // Every title marks what matched, as <mark> elements holding text.
    const marks = page.getByTestId('search-results').locator('.product-tile__title mark');
    expect(await marks.count()).toBe(4);
    expect(new Set(await marks.allInnerTexts())).toEqual(new Set(['手机']));
    const silicone = tiles(page).filter({ hasText: '硅胶手机壳' });
    expect(await textOf(silicone.locator('.product-tile__store'))).toBe('小美手作');
    expect(await textOf(silicone.locator('.product-tile__price'))).toBe('¥19.90');
    expect(await textOf(tiles(page).filter({ hasText: 'Leather phone case' }).locator('.product-tile__flag'))).toBe('已售罄');
    await shot('results');
  });

  it('sorts by price, low to high and then high to low', async () => {
    const { page, shot } = buyer;
    const price = page.getByTestId('sort-price');
    await price.click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'price_asc');
    await expect
      .poll(() => titles(page))
      .toEqual([
        'Clear phone case 透明手机壳',
        '硅胶手机壳 防摔软壳 iPhone 15',
        '手机支架 桌面懒人支架 Phone stand',
        'Leather phone case 真皮手机壳',
      ]);
    expect(await price.getAttribute('aria-label')).toBe('价格从低到高');
    await price.click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'price_desc');
    await expect
      .poll(() => titles(page))
      .toEqual([
        'Leather phone case 真皮手机壳',
        '手机支架 桌面懒人支架 Phone stand',
        '硅胶手机壳 防摔软壳 iPhone 15',
        'Clear phone case 透明手机壳',
      ]);
    expect(await page.getByRole('link', { name: '销量' }).getAttribute('aria-current')).toBeNull();
    await shot('sorted-price-desc');
  });

  it('narrows the results in the filter sheet: in stock only, and a price range typed in yuan', async () => {
    const { page, shot } = buyer;
    // At phone width the filters are behind a button, not a column.
    expect(await page.locator('.search-layout__filters').count()).toBe(0);
    await page.getByTestId('open-filters').click();
    const sheet = page.getByRole('dialog', { name: '筛选' });
    await sheet.waitFor();
    await sheet.getByTestId('category-facet').first().waitFor();
    expect(await textOf(sheet.getByTestId('show-results'))).toBe('查看 4 件商品');
    await shot('filter-sheet');

    // The switch shows the address: it turns on once the address says in_stock=true.
    const inStock = sheet.getByRole('switch', { name: '只看有货' });
    await inStock.click();
    await page.waitForURL((url) => url.searchParams.get('in_stock') === 'true');
    await expect.poll(() => inStock.isChecked()).toBe(true);
    await expect.poll(() => textOf(sheet.getByTestId('show-results'))).toBe('查看 3 件商品');

    await sheet.getByLabel('最低价 (¥)').fill('15');
    await sheet.getByLabel('最高价 (¥)').fill('３０'); // full-width digits from a Chinese keyboard
    await sheet.getByRole('button', { name: '确定' }).click();
    await page.waitForURL((url) => url.searchParams.get('price_min') === '1500' && url.searchParams.get('price_max') === '3000');
    await expect.poll(() => textOf(sheet.getByTestId('show-results'))).toBe('查看 2 件商品');
    await shot('filter-sheet-applied', sheet.getByRole('button', { name: '确定' }));

    await sheet.getByTestId('show-results').click();
    await sheet.waitFor({ state: 'hidden' });
    await expect.poll(() => titles(page)).toEqual(['手机支架 桌面懒人支架 Phone stand', '硅胶手机壳 防摔软壳 iPhone 15']);
    const active = page.getByTestId('active-filters');
    expect(await active.getByRole('link').allInnerTexts()).toEqual(['¥15–¥30', '有货', '清除筛选']);
    expect(await textOf(page.getByTestId('open-filters'))).toContain('2');
    expect(query(page).get('sort')).toBe('price_desc');
    await shot('filtered');
  });

  it('opens a product from the results, and comes back to the same search', async () => {
    const { page, shot } = buyer;
    await tiles(page).first().click();
    await page.waitForURL(new RegExp(`/p/${productIds.get('手机支架 桌面懒人支架 Phone stand')}$`));
    await page.getByRole('heading', { level: 1, name: '手机支架 桌面懒人支架 Phone stand' }).waitFor();
    // Away from /search the box is empty again.
    expect(await searchBox(page).inputValue()).toBe('');
    await shot('product');
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('in_stock') === 'true');
    await expect.poll(() => titles(page)).toEqual(['手机支架 桌面懒人支架 Phone stand', '硅胶手机壳 防摔软壳 iPhone 15']);
    expect(await searchBox(page).inputValue()).toBe('手机');
  });

  it('says plainly when nothing matches, and offers a way out', async () => {
    const { page, shot, errors } = buyer;
    await searchBox(page).fill('潜水艇');
    await searchBox(page).press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === '潜水艇');
    await page.getByText('没有找到与「潜水艇」相关的商品').waitFor();
    expect(await page.getByTestId('search-total').count()).toBe(0);
    expect(await page.getByTestId('sort-tabs').count()).toBe(0);
    await page.getByRole('link', { name: '浏览全部分类' }).waitFor();
    await shot('empty');
    expect(errors).toEqual([]);
  });

  it('loads the next page with the cursor', async () => {
    const { page, shot } = buyer;
    await page.goto('/search?q=数据线');
    await tiles(page).first().waitFor();
    // The cables (and whatever else the engine reads as 数据线, such as the stand in 充电器与数据线).
    const found = Number((await textOf(page.getByTestId('search-total'))).replace(/\D/g, ''));
    expect(found).toBeGreaterThanOrEqual(CABLES);
    expect(await tiles(page).count()).toBe(20);
    const more = page.getByRole('button', { name: '加载更多' });
    await shot('load-more', more);
    await more.click();
    await expect.poll(() => tiles(page).count()).toBe(found);
    expect(await more.count()).toBe(0);
    // Every product once across the two pages, every cable among them.
    const shown = new Set(await titles(page));
    expect(shown.size).toBe(found);
    for (let index = 1; index <= CABLES; index += 1) expect(shown).toContain(`数据线 USB-C 快充线 ${index} 米`);
  });

  it('says 约 …+ when the engine stopped counting, and marks facet counts as lower bounds', async () => {
    const { page, shot, errors } = buyer;
    // The engine counts exactly up to its window; past it the API says the numbers are lower bounds.
    // Many thousand products would be slow to list here, so the real answer is passed on with those flags set.
    await page.route(/\/api\/v1\/search\?/, async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      if (body.total) body.total = { value: 12_000, exact: false };
      if (body.facets) body.facets.exhaustive = false;
      await route.fulfill({ response, json: body });
    });
    await page.goto('/search?q=数据线&sort=sales');
    await tiles(page).first().waitFor();
    expect(await textOf(page.getByTestId('search-total'))).toBe('约 12,000+ 件商品');
    await shot('about-total');
    await page.getByTestId('open-filters').click();
    const sheet = page.getByRole('dialog', { name: '筛选' });
    expect(await textOf(sheet.getByTestId('category-facet').first())).toMatch(/\d+\+$/);
    expect(await textOf(sheet.getByTestId('show-results'))).toBe('查看 12,000+ 件商品');
    await shot('about-facets');
    await page.unroute(/\/api\/v1\/search\?/);
    expect(errors).toEqual([]);
  });
});

describe('a buyer searches at 1280×800', () => {
  let buyer: Actor;

  beforeAll(async () => {
    buyer = await actor('search-desktop', DESKTOP);
  });

  afterAll(async () => {
    await buyer?.context.close();
  });

  it('has the filters as a column and drills into categories', async () => {
    const { page, shot } = buyer;
    await page.goto('/');
    await searchBox(page).fill('手机壳');
    await searchBox(page).press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === '手机壳');
    await tiles(page).first().waitFor();
    const column = page.getByRole('complementary', { name: '筛选条件' });
    await column.waitFor();
    expect(await page.getByTestId('open-filters').count()).toBe(0);
    await shot('results');

    await column.getByTestId('category-facet').filter({ hasText: '手机数码' }).click();
    await page.waitForURL((url) => url.searchParams.get('category') === 'cat_electronics');
    await column.getByTestId('category-facet').filter({ hasText: '手机壳' }).click();
    await page.waitForURL((url) => url.searchParams.get('category') === 'cat_phone-cases');
    await expect.poll(() => textOf(column.locator('[aria-current="true"]'))).toBe('手机壳');
    // A leaf category has nothing below it to drill into (once the answer for it has come).
    await expect.poll(() => column.getByTestId('category-facet').count()).toBe(0);
    await column.getByRole('button', { name: /供货商/ }).click();
    await page.waitForURL((url) => url.searchParams.get('store_type') === 'supplier');
    await expect.poll(() => titles(page)).toHaveLength(2);
    expect(query(page).get('q')).toBe('手机壳');
    await shot('category-and-store-type');
  });

  it('reads in English, corrects a misspelt word and follows a category suggestion', async () => {
    const { page, shot, errors } = buyer;
    await page.getByTestId('language-switch').click();
    await searchBox(page).fill('phnoe');
    await searchBox(page).press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'phnoe' && !url.searchParams.has('category'));
    const corrections = page.getByTestId('search-corrections');
    await corrections.waitFor();
    expect(await textOf(corrections)).toContain('Showing results for: phone');
    expect(await textOf(corrections)).toContain('Nothing matched “phnoe”');
    // The three titles that say phone (and perhaps more the engine finds through a category's name).
    await expect.poll(() => textOf(page.getByTestId('search-total'))).toMatch(/^\d+ products$/);
    expect(await titles(page)).toEqual(
      expect.arrayContaining(['Clear phone case 透明手机壳', 'Leather phone case 真皮手机壳', '手机支架 桌面懒人支架 Phone stand']),
    );
    expect(await textOf(page.getByTestId('search-results').locator('mark').first())).toMatch(/^phone$/i);
    await page.getByRole('link', { name: 'Newest' }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'newest');
    await shot('english-corrected');

    await searchBox(page).fill('');
    await searchBox(page).pressSequentially('phone', { delay: 40 });
    const suggestion = page.getByRole('option').filter({ hasText: 'Phone cases' });
    await suggestion.waitFor();
    await shot('english-suggestions');
    await suggestion.click();
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('category') === 'cat_phone-cases');
    await page.getByRole('heading', { level: 1, name: 'Phone cases' }).waitFor();
    await expect.poll(() => textOf(page.getByTestId('search-total'))).toBe('3 products');
    await shot('english-category');
    expect(errors).toEqual([]);
  });
});
