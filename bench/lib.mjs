// Helpers shared by the benchmarks: child servers, ports, medians, result files.
// Plain ESM with no build step; progress goes to stderr, the one JSON result to stdout.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const jishiBin = join(root, 'bin', 'jishi.js');

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
  };
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
