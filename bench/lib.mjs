// Helpers shared by the benchmarks: child servers, ports, medians, result files.
// Plain ESM with no build step; progress goes to stderr, the one JSON result to stdout.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// BENCH_JISHI_BIN runs another entry point (say, an experimental bundled build) instead.
export const jishiBin = process.env.BENCH_JISHI_BIN ? resolve(process.env.BENCH_JISHI_BIN) : join(root, 'bin', 'jishi.js');

export function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

export function envNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function round(value, digits = 2) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A port that was free a moment ago (the kernel picks it; we close and hand it on). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function machine() {
  const list = cpus();
  return {
    cpus: list.length,
    cpu_model: list[0]?.model ?? 'unknown',
    memory_mb: Math.round(totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadavg_at_start: readLoadAverage(),
    source: source(),
  };
}

/** Which code was measured: the commit, and whether src/ had uncommitted changes. */
function source() {
  const git = (...args) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return null;
  const dirty = git('status', '--porcelain', '--', 'src').stdout.split('\n').filter(Boolean).length;
  return { root, commit: head.stdout.trim(), src_uncommitted_files: dirty, entry: jishiBin.replace(`${root}/`, '') };
}

function readLoadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    return null;
  }
}

/** One HTTP request; resolves { status, headers, body }. No keep-alive, so nothing lingers. */
export function httpRequest(url, { method = 'GET', headers = {}, body, timeout_ms = 5_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false, timeout: timeout_ms }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeout_ms} ms: ${method} ${url}`)));
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/**
 * Starts a child process. stdout goes to `stdoutFile` (or /dev/null), stderr is kept in
 * memory (last 64 KiB) so a failed start can be explained.
 */
export function startChild(args, { env = {}, stdoutFile, cwd = root } = {}) {
  const out = openSync(stdoutFile ?? '/dev/null', 'a');
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-65_536);
  });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, exited, stderr: () => stderr };
}

/** Polls `url` every `interval_ms` until it answers 200; returns ms since `since`. */
export async function waitFor200(url, { handle, since = performance.now(), timeout_ms = 30_000, interval_ms = 10 } = {}) {
  let exitedEarly;
  handle?.exited.then((status) => {
    exitedEarly = status;
  });
  for (;;) {
    if (exitedEarly) {
      throw new Error(`server exited (${JSON.stringify(exitedEarly)}) before ${url} answered 200:\n${handle.stderr()}`);
    }
    try {
      const response = await httpRequest(url, { timeout_ms: 1_000 });
      if (response.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() - since > timeout_ms) throw new Error(`${url} did not answer 200 within ${timeout_ms} ms`);
    await sleep(interval_ms);
  }
}

/** A bare Fastify hello-world (bench/hello-server.mjs) on a free port, answering: the baseline the goals are ratios to. */
export async function startHelloServer() {
  const port = await freePort();
  const handle = startChild([join(root, 'bench', 'hello-server.mjs')], { env: { PORT: String(port), HOST: '127.0.0.1' } });
  const base = `http://127.0.0.1:${port}`;
  await waitFor200(`${base}/`, { handle });
  return { handle, base };
}

/** SIGTERM, then wait; SIGKILL if it takes longer than `grace_ms`. */
export async function stopChild(handle, grace_ms = 10_000) {
  if (!handle || handle.child.exitCode !== null || handle.child.signalCode !== null) return handle?.exited;
  handle.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    log(`pid ${handle.child.pid} ignored SIGTERM for ${grace_ms} ms; sending SIGKILL`);
    handle.child.kill('SIGKILL');
  }, grace_ms);
  const status = await handle.exited;
  clearTimeout(timer);
  return status;
}

/** VmRSS and VmHWM of a process in MiB, from /proc/<pid>/status. */
export function readRss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) / 1024 : null;
  };
  return { rss_mb: field('VmRSS'), hwm_mb: field('VmHWM') };
}

export function timestamp() {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Prints the result as one JSON object on stdout and keeps a copy in bench/results/. */
export function emitResult(name, result) {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${timestamp()}.json`);
  const text = JSON.stringify(result, null, 2);
  writeFileSync(file, `${text}\n`);
  process.stdout.write(`${text}\n`);
  log(`written to ${file}`);
  return file;
}

export const BENCH_PASSWORD = 'a long passphrase 1';

function sessionCookieFrom(setCookie) {
  for (const line of setCookie ?? []) {
    const match = /^jishi_session=([^;]+)/.exec(line);
    if (match) return `jishi_session=${match[1]}`;
  }
  throw new Error(`signup set no jishi_session cookie: ${JSON.stringify(setCookie)}`);
}

/**
 * Starts `node bin/jishi.js serve` on a fresh DATA_DIR (SQLite unless `databaseUrl`), signs up
 * one user and checks that GET /api/v1/me answers 200 for it. Returns a load target whose
 * requests carry that user's session cookie. `logTo` is 'file' (stdout into DATA_DIR) or
 * '/dev/null'.
 */
export async function startJishi(name, { dataDir, databaseUrl, logLevel = 'info', logTo = 'file', nodeArgs = [], env = {} }) {
  const port = await freePort();
  mkdirSync(dataDir, { recursive: true });
  const logFile = logTo === 'file' ? join(dataDir, `${name}.log`) : '/dev/null';
  const childEnv = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: logLevel,
    DATABASE_URL: databaseUrl ?? '',
    ...env,
  };
  const handle = startChild([...nodeArgs, jishiBin, 'serve'], { env: childEnv, stdoutFile: logFile });
  const base = `http://127.0.0.1:${port}`;
  await waitFor200(`${base}/readyz`, { handle });

  const email = `bench-${randomBytes(4).toString('hex')}@example.com`;
  const signup = await httpRequest(`${base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
    timeout_ms: 30_000,
  });
  if (signup.status !== 201) throw new Error(`${name}: signup answered ${signup.status}: ${signup.body}`);
  const cookie = sessionCookieFrom(signup.headers['set-cookie']);
  const me = await httpRequest(`${base}/api/v1/me`, { headers: { cookie } });
  const body = JSON.parse(me.body);
  if (me.status !== 200 || body.user?.email !== email) throw new Error(`${name}: GET /api/v1/me answered ${me.status}: ${me.body}`);
  log(`${name}: pid ${handle.child.pid} on ${base}, signed up ${email}; log → ${logFile}`);
  return { name, url: `${base}/api/v1/me`, headers: { cookie }, handle, logFile };
}

const CLOCK_TICKS_PER_S = 100;

/** A process and all its descendants (a cluster's server processes), from /proc. */
export function processTree(pid) {
  const pids = [pid];
  for (let index = 0; index < pids.length; index += 1) {
    try {
      const children = readFileSync(`/proc/${pids[index]}/task/${pids[index]}/children`, 'utf8').trim();
      if (children) pids.push(...children.split(' ').map(Number));
    } catch {}
  }
  return pids;
}

/** Resident memory of a process and its descendants, in bytes (0 once gone). */
export function rssBytes(pid) {
  let total = 0;
  for (const each of processTree(pid)) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${each}/status`, 'utf8'));
      if (match) total += Number(match[1]) * 1024;
    } catch {}
  }
  return total;
}

/** cpuSeconds over a process and its descendants. */
export function treeCpuSeconds(pid) {
  return processTree(pid).reduce((sum, each) => sum + (cpuSeconds(each) || 0), 0);
}

/** utime + stime of a process, in seconds (NaN once it has gone). */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  } catch {
    return Number.NaN;
  }
}

/**
 * One autocannon run against `target` ({ url, headers, handle }), pipelining 1. Besides
 * throughput and latency it reads the server's CPU time: cpu_us_per_req is what one
 * request costs the server, which stays comparable when the load generator, not the
 * server, is the bottleneck (as it can be for the hello-world on 2 cores).
 */
export async function measureLoad(target, { duration_s, connections }) {
  const { default: autocannon } = await import('autocannon');
  const serverCpuBefore = cpuSeconds(target.handle.child.pid);
  const ownCpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url: target.url,
    method: 'GET',
    headers: target.headers,
    connections,
    pipelining: 1,
    duration: duration_s,
  });
  const wall_s = (performance.now() - started) / 1000;
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const serverCpu = cpuSeconds(target.handle.child.pid) - serverCpuBefore;
  const total = result['2xx'] + result.non2xx;
  return {
    req_per_s: round(total / result.duration, 1),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    status_codes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
    bytes_per_response: total > 0 ? Math.round(result.throughput.total / total) : null,
    server_cpu_pct: round((serverCpu / wall_s) * 100, 0),
    cpu_us_per_req: total > 0 ? round((serverCpu * 1e6) / total, 1) : null,
    loadgen_cpu_pct: round(((ownCpu.user + ownCpu.system) / 1e6 / wall_s) * 100, 0),
  };
}

/** Medians over rounds of one target's runs; error counts are summed. */
export function summarizeRuns(runs) {
  const pick = (key) => runs.map((run) => run[key]);
  const sum = (key) => pick(key).reduce((a, b) => a + b, 0);
  return {
    req_per_s: round(median(pick('req_per_s')), 1),
    p50_ms: median(pick('p50_ms')),
    p99_ms: median(pick('p99_ms')),
    server_cpu_pct: median(pick('server_cpu_pct')),
    cpu_us_per_req: median(pick('cpu_us_per_req')),
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    requests: sum('requests'),
  };
}

/**
 * How a child ended, or null while it runs. A server that dies mid-run makes the figures
 * meaningless; with its log's last lines other than per-request ones, one can tell a crash
 * from a SIGTERM someone else sent ("stopping: finishing in-flight requests").
 */
export function childExit(handle, logFile) {
  const { exitCode, signalCode } = handle.child;
  if (exitCode === null && signalCode === null) return null;
  let log_tail;
  if (logFile && logFile !== '/dev/null' && existsSync(logFile)) {
    log_tail = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line && !line.includes('"msg":"request"'))
      .slice(-5);
  }
  return { code: exitCode, signal: signalCode, stderr: handle.stderr().slice(-2000), log_tail };
}

/** Zipf-like pick: early items are chosen far more often, as common words are. */
export function skewed(next, items, power = 2.2) {
  return items[Math.floor(items.length * next() ** power)];
}

const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function encodeId(value, length) {
  let out = '';
  for (let remaining = value, index = 0; index < length; index += 1, remaining = Math.floor(remaining / 32)) {
    out = ID_ALPHABET[remaining % 32] + out;
  }
  return out;
}

/** A deterministic id shaped like Jishi's (prefix, 10 characters of time, 16 of number), for bulk loaders. */
export function bulkId(prefix, number, time_ms) {
  return `${prefix}_${encodeId(time_ms, 10)}${encodeId(number, 16)}`;
}

/** A category's path from the root, from the flat taxonomy. */
export function categoryPathOf(categories, id) {
  const path = [];
  for (let current = categories.find((row) => row.id === id); current; current = categories.find((row) => row.id === current.parent_id)) {
    path.unshift(current);
  }
  return path;
}
