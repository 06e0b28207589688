import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuilt } from './server.js';

/**
 * The real, built server as a process the test owns outright: started on a data directory
 * and database it is given (so a second start finds what the first left), killed with any
 * signal, and the `jishi` command run against the same database. test/support/server.ts is
 * the simpler kind that cleans up after itself; this one leaves the data alone.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WITHHELD = ['DATABASE_URL', 'REDIS_URL', 'NATS_URL', 'PUBLIC_URL', 'PORT', 'HOST', 'DATA_DIR', 'LOG_LEVEL', 'PASSWORD_HASH_COST'];

export interface Storage {
  dataDir: string;
  databaseUrl?: string | undefined;
}

function environment(storage: Storage, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of WITHHELD) delete env[name];
  return {
    ...env,
    DATA_DIR: storage.dataDir,
    DATABASE_URL: storage.databaseUrl ?? '',
    LOG_LEVEL: 'warn',
    PASSWORD_HASH_COST: '10',
    ...extra,
  };
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote so far (last 20 kB), for failure messages. */
  output(): string;
  /** Sends the signal and waits until the process has gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startServerProcess(storage: Storage, port: number, timeout_ms = 30_000): Promise<ServerProcess> {
  assertBuilt();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(root, 'bin', 'jishi.js'), 'serve'], {
    cwd: root,
    env: environment(storage, { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: ServerProcess = {
    url,
    child,
    output: () => output,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  const deadline = Date.now() + timeout_ms;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited before it was ready:\n${output}`);
    const ready = await httpJson(`${url}/readyz`, { timeout_ms: 2_000 }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return server;
    if (Date.now() > deadline) {
      await server.kill('SIGKILL');
      throw new Error(`the server was not ready within ${timeout_ms} ms:\n${output}`);
    }
    await sleep(100);
  }
}

/** `jishi <args>` against the same storage, as an operator runs it. */
export function runJishi(storage: Storage, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'jishi.js'), ...args], {
    cwd: root,
    env: environment(storage),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface JsonResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever the API answered.
  body: any;
}

/**
 * One JSON request on a connection of its own (no keep-alive: a socket of a killed server is
 * never reused). Rejects on a network error, which for a POST means "no answer": the request
 * may or may not have been carried out.
 */
export function httpJson(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown; timeout_ms?: number } = {},
): Promise<JsonResponse> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers, agent: false, timeout: options.timeout_ms ?? 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within the timeout: ${options.method ?? 'GET'} ${url}`)));
    req.on('error', reject);
    req.end(payload);
  });
}
