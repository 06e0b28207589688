import { mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
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
