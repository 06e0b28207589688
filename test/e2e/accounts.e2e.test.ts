import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, openBrowserSession } from '../support/browser.js';
import type { RunningServer } from '../support/server.js';

/**
 * The account journey in a real browser against the real built server, at phone and desktop
 * sizes: sign up, see the account, create and revoke an API key, switch language, sign out,
 * fail and then succeed to sign in. Screenshots of each step go to test/e2e/screenshots/.
 */
const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const PASSWORD = 'market fair 2026!';

const VIEWPORTS = [
  { name: '390x844', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  { name: '1280x800', viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
] as const;

let server: RunningServer;
let browser: Browser;

let session: BrowserSession | undefined;

beforeAll(async () => {
  session = await openBrowserSession(SCREENSHOTS);
  ({ server, browser } = session);
});

afterAll(async () => {
  await session?.close();
});

/** Everything the API answers about the signed-in user, fetched from inside the page (so with its cookies). */
async function apiGet(page: Page, path: string): Promise<{ status: number; body: unknown }> {
  return page.evaluate(async (url) => {
    const response = await fetch(url);
    return { status: response.status, body: await response.json().catch(() => null) };
  }, `/api/v1${path}`);
}

describe.each(VIEWPORTS)('accounts in the browser at $name', (device) => {
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const email = `shopper.${device.name}.${process.pid}@example.com`;
  let step = 0;

  /**
   * A screenshot of the step, after checking the page does not scroll sideways. Desktop shots
   * are of the whole page; phone shots are of the screen (a full-page capture would paint the
   * fixed tab bar over the middle of the page), scrolled to `target` when one is given.
   */
  async function snap(name: string, target?: Locator): Promise<void> {
    step += 1;
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `page is wider than the viewport at ${name}`).toBeLessThanOrEqual(0);
    if (target && device.isMobile) await target.scrollIntoViewIfNeeded();
    else await page.evaluate(() => window.scrollTo(0, 0));
    const path = join(SCREENSHOTS, `${device.name}-${String(step).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path, fullPage: !device.isMobile, animations: 'disabled', caret: 'hide' });
  }

  // Playwright's innerText (the text as shown, not the DOM property biome has in mind).
  // biome-ignore lint/performance/useDomNodeTextContent: this is Locator.innerText, not HTMLElement.innerText
  const textOf = (locator: Locator) => locator.innerText();
  const field = (label: string) => page.getByLabel(label, { exact: true });
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const fieldError = (name: string) => page.locator(`[data-field-error="${name}"]`);

  beforeAll(async () => {
    context = await browser.newContext({
      baseURL: server.url,
      viewport: device.viewport,
      isMobile: device.isMobile,
      hasTouch: device.hasTouch,
      deviceScaleFactor: device.deviceScaleFactor,
      locale: 'zh-CN',
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await context?.close();
  });

  it('shows the landing page in Chinese with the shell for this size', async () => {
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: '在手机上开一家小店，像逛集市一样买卖' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await textOf(page.locator('.brand'))).toContain('集市');
    expect(await page.getByRole('link', { name: '免费注册' }).isVisible()).toBe(true);
    // Phones get a bottom tab bar; desktops a header nav.
    expect(await page.locator('.tabbar').isVisible()).toBe(device.isMobile);
    expect(await page.locator('.topnav').isVisible()).toBe(!device.isMobile);
    await snap('home');
  });

  it('sends a signed-out visitor of /account to sign in, and shows sign-up errors inline', async () => {
    await page.goto('/account');
    await page.waitForURL(/\/signin\?next=%2Faccount$/);
    await page.getByText('请先登录，然后继续刚才的操作。').waitFor();
    await page.getByRole('link', { name: '免费注册', exact: true }).click();
    await page.waitForURL(/\/signup\?next=%2Faccount$/);

    await button('注册').click();
    await fieldError('email').getByText('请填写此项。').waitFor();
    await fieldError('password').getByText('请填写此项。').waitFor();

    await field('邮箱').fill(email);
    await field('密码').fill('password123');
    await button('注册').click();
    // The server rejects a common password; its `param` puts the message under the password field.
    await fieldError('password').getByText('密码太简单了').waitFor();
    expect(await fieldError('email').count()).toBe(0);
    await snap('signup-errors', page.locator('form.auth__card'));
  });

  it('signs up and lands on the account page with the email', async () => {
    await field('密码').fill(PASSWORD);
    await page.getByLabel('昵称').fill('小王');
    await button('注册').click();
    await page.waitForURL(/\/account$/);
    await page.getByRole('heading', { level: 1, name: '我的账户' }).waitFor();
    expect(await textOf(page.getByTestId('account-email'))).toBe(email);
    expect(await textOf(page.locator('.account-header__name'))).toBe('小王');
    expect(await page.title()).toBe('我的账户 · 集市 Jishi');
    await page.getByText('还没有 API 密钥。').waitFor();
    await snap('account');
  });

  it('edits the display name', async () => {
    await page.getByLabel('昵称').fill('王小明');
    await button('保存').click();
    await page.getByText('已保存。').waitFor();
    expect(await textOf(page.locator('.account-header__name'))).toBe('王小明');
    const me = (await apiGet(page, '/me')).body as { user: { display_name: string } };
    expect(me.user.display_name).toBe('王小明');
  });

  it('creates an API key and shows its secret once, with a copy button', async () => {
    await field('密钥名称').fill('库存同步');
    await button('创建密钥').click();
    const reveal = page.getByTestId('api-key-secret');
    await reveal.waitFor();
    const secret = (await textOf(page.getByTestId('api-key-secret-value'))).trim();
    expect(secret).toMatch(/^jsk_[A-Za-z0-9_-]{20,}$/);
    expect(await textOf(reveal)).toContain('关闭后将无法再次查看这个密钥');
    expect(await textOf(reveal)).toContain('新密钥“库存同步”已创建');
    await snap('api-key-secret', reveal);

    await button('复制').click();
    await button('已复制').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    await button('我已保存').click();
    await reveal.waitFor({ state: 'detached' });
    const row = page.getByTestId('api-key-row').filter({ hasText: '库存同步' });
    await row.waitFor();
    expect(await textOf(row)).toContain('有效');
    expect(await textOf(row)).toContain(`${secret.slice(0, 12)}…`);
    expect(await page.content()).not.toContain(secret);

    // The secret is not kept anywhere the page can show it again.
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);
  });

  it('revokes the key after a confirmation', async () => {
    const row = page.getByTestId('api-key-row').filter({ hasText: '库存同步' });
    await row.getByRole('button', { name: '撤销', exact: true }).click();
    await row.getByText('撤销“库存同步”？使用它的程序将立即无法访问。').waitFor();
    await snap('api-key-confirm-revoke', row);
    await row.getByRole('button', { name: '确认撤销' }).click();
    await row.locator('.badge', { hasText: '已撤销' }).waitFor();
    expect(await textOf(row)).toContain('撤销于');
    expect(await row.getByRole('button', { name: '撤销', exact: true }).count()).toBe(0);
    const keys = (await apiGet(page, '/api-keys')).body as { data: { name: string; revoked_at: string | null }[] };
    expect(keys.data).toHaveLength(1);
    expect(keys.data[0]?.revoked_at).not.toBeNull();
    await snap('api-key-revoked', row);
  });

  it('switches the language to English and back, and saves it to the account', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.title()).toBe('My account · Jishi 集市');
    expect(await page.getByRole('heading', { name: 'API keys' }).isVisible()).toBe(true);
    expect(await textOf(page.getByTestId('api-key-row').first())).toContain('Revoked');
    await expect.poll(async () => ((await apiGet(page, '/me')).body as { user: { locale: string } }).user.locale).toBe('en');
    await snap('account-english');

    // The choice survives a reload.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();

    // Back to Chinese, this time with the choice on the account page.
    await page.getByRole('radio', { name: '中文' }).check();
    await page.getByRole('heading', { level: 1, name: '我的账户' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect.poll(async () => ((await apiGet(page, '/me')).body as { user: { locale: string } }).user.locale).toBe('zh-CN');
  });

  it('signs out', async () => {
    await button('退出登录').click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('link', { name: '免费注册' }).waitFor();
    await page.locator('.topbar').getByRole('link', { name: '登录' }).waitFor();
    expect((await apiGet(page, '/me')).status).toBe(401);
    await snap('signed-out');
  });

  it('will not sign up the same email twice', async () => {
    await page.goto('/signup');
    await field('邮箱').fill(email);
    await field('密码').fill(PASSWORD);
    await button('注册').click();
    await fieldError('email').getByText('这个邮箱已经注册过了').waitFor();
  });

  it('shows an error for a wrong password', async () => {
    await page.goto('/account');
    await page.waitForURL(/\/signin\?next=%2Faccount$/);
    await field('邮箱').fill(email);
    await field('密码').fill('not my password');
    await button('登录').click();
    await page.getByTestId('form-error').getByText('邮箱或密码不正确。').waitFor();
    expect(page.url()).toMatch(/\/signin\?next=%2Faccount$/);
    await snap('signin-wrong-password');
  });

  if (!device.isMobile) {
    it('shows how long to wait after too many failed attempts', async () => {
      const throttled = `throttled.${process.pid}@example.com`;
      // Fail quickly from inside the page until the server blocks this account for a few seconds.
      const retryAfter_s = await page.evaluate(async (address) => {
        for (let attempt = 0; attempt < 16; attempt++) {
          const response = await fetch('/api/v1/auth/login', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: address, password: 'wrong password' }),
          });
          if (response.status === 429) {
            const wait_s = Number(response.headers.get('retry-after'));
            if (wait_s >= 3) return wait_s;
            await new Promise((resolve) => setTimeout(resolve, wait_s * 1000 + 100));
          }
        }
        return 0;
      }, throttled);
      expect(retryAfter_s).toBeGreaterThanOrEqual(3);
      await field('邮箱').fill(throttled);
      await field('密码').fill('wrong password');
      await button('登录').click();
      await page
        .getByTestId('form-error')
        .getByText(/尝试次数过多，请在 \d+ 秒后再试。/)
        .waitFor();
      expect(await button('登录').isDisabled()).toBe(true);
      await snap('signin-throttled');
    });
  }

  it('signs in again and returns to the account page', async () => {
    await field('邮箱').fill(email);
    await field('密码').fill(PASSWORD);
    await button('登录').click();
    await page.waitForURL(/\/account$/);
    await page.getByRole('heading', { level: 1, name: '我的账户' }).waitFor();
    expect(await textOf(page.getByTestId('account-email'))).toBe(email);
    await snap('signed-in-again');
    expect(pageErrors).toEqual([]);
  });
});
