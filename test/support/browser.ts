import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { type RunningServer, startServer } from './server.js';

/** The system Chromium, headless, without the background traffic that makes browser tests flaky. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface BrowserSession {
  server: RunningServer;
  browser: Browser;
  /** Closes the browser, then stops the server. */
  close(): Promise<void>;
}

/**
 * What every browser test starts with: the screenshots folder, the real built server and a
 * browser. If the browser fails to start, the server is stopped before the error is passed on.
 */
export async function openBrowserSession(screenshots: string): Promise<BrowserSession> {
  mkdirSync(screenshots, { recursive: true });
  const server = await startServer();
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;
export const DESKTOP = { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 } as const;

/** One person in a browser: their page, the page errors seen, and a screenshot helper. */
export interface Actor {
  context: BrowserContext;
  page: Page;
  errors: string[];
  shot: (name: string, target?: Locator) => Promise<void>;
}

export interface ActorOptions {
  baseURL: string;
  screenshots: string;
  /** Screenshot file names start with it and a step number. */
  prefix: string;
  device: typeof PHONE | typeof DESKTOP;
  locale?: 'zh-CN' | 'en';
  acceptDownloads?: boolean;
  /** Runs before each desktop (whole-page) capture, e.g. to unstick a sticky bar. */
  beforeWholePage?: (page: Page) => Promise<void>;
}

/**
 * A browser context for one person, with a screenshot helper that waits for images and also
 * checks nothing overflows sideways. Page errors and CSP refusals are collected in `errors`.
 */
export async function openActor(browser: Browser, options: ActorOptions): Promise<Actor> {
  const { device, prefix, locale = 'zh-CN' } = options;
  const context = await browser.newContext({
    baseURL: options.baseURL,
    locale,
    ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
    ...device,
  });
  context.setDefaultTimeout(10_000);
  if (locale === 'en') await context.addInitScript(() => localStorage.setItem('jishi.locale', 'en'));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) errors.push(message.text());
  });
  let step = 0;
  const shot = async (name: string, target?: Locator) => {
    step += 1;
    // Images still loading would leave holes in the picture.
    await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${prefix} ${name}: the page is wider than the screen`).toBeLessThanOrEqual(0);
    if (target) await target.scrollIntoViewIfNeeded();
    else await page.evaluate(() => window.scrollTo(0, 0));
    if (!device.isMobile) await options.beforeWholePage?.(page);
    const path = join(options.screenshots, `${prefix}-${String(step).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path, fullPage: !device.isMobile, animations: 'disabled', caret: 'hide' });
  };
  return { context, page, errors, shot };
}
