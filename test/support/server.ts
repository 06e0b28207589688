import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Starts the real, built Jishi server (`node bin/jishi.js serve`) as a child process on a free
 * port with a fresh data directory, for browser tests. It does not build: `npm test` builds
 * first, and a missing build fails at once with a message that says what to run.
 */
export interface RunningServer {
  /** The base address, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  dataDir: string;
  /** Everything the server wrote to stdout and stderr so far, for failure messages. */
  output(): string;
  /** Sends SIGTERM, waits for the process to exit, then removes the data directory. */
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** postgres://… to run on PostgreSQL; without it the server uses SQLite in the fresh data directory. */
  databaseUrl?: string;
  /** More environment for the server, e.g. { LOG_LEVEL: 'info' }. */
  env?: Record<string, string>;
  ready_timeout_ms?: number;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
/** Variables of the parent that must not leak into the server unless the caller asks. */
const WITHHELD = ['DATABASE_URL', 'REDIS_URL', 'NATS_URL', 'PUBLIC_URL', 'PORT', 'HOST', 'DATA_DIR', 'LOG_LEVEL', 'PASSWORD_HASH_COST'];

export function assertBuilt(): void {
  const missing = [join('dist', 'cli.js'), join('dist', 'web', 'index.html')].filter((path) => !existsSync(join(root, path)));
  if (missing.length > 0) {
    throw new Error(
      `Jishi is not built (missing ${missing.join(', ')}). Run \`node scripts/build.mjs\` (npm test does) before the browser tests.`,
    );
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeout_ms: number): Promise<void> {
  const deadline = Date.now() + timeout_ms;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      lastProblem = `GET /readyz answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  throw new Error(`The server was not ready within ${timeout_ms} ms (${lastProblem}):\n${output()}`);
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  assertBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'jishi-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of WITHHELD) delete env[name];
  Object.assign(env, {
    // QR codes and share links point at this very server, so a test can follow them.
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    PASSWORD_HASH_COST: '10',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  });

  const child = spawn(process.execPath, [join(root, 'bin', 'jishi.js'), 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exit = exited(child);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exit.then(() => false), sleep(STOP_TIMEOUT_MS).then(() => true)]);
      if (timedOut) {
        child.kill('SIGKILL');
        await exit;
      }
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(url, child, () => output, options.ready_timeout_ms ?? READY_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dataDir, output: () => output, stop };
}
