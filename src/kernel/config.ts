import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

/**
 * Configuration comes from the environment and is validated once at start. A bad value
 * stops the process with a message naming the variable, rather than failing later.
 */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  redisUrl: string | undefined;
  natsUrl: string | undefined;
  publicUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimit_bytes: number;
  sessionTtl_ms: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  /** log2 of scrypt's cost parameter N; stored with each hash so it can change later. */
  passwordHashCost: number;
  shutdownTimeout_ms: number;
  /** Server processes sharing the port (node:cluster); 1 runs in this process. */
  workers: number;
  /** Threads each server process runs searches on (decision 0016); 0 runs them on the main thread. */
  searchThreads: number;
  /** Signs the sandbox payment provider's callbacks; every server process must share it. */
  sandboxSecret: string;
  orderPaymentTimeout_ms: number;
  autoConfirmAfterDelivery_ms: number;
  autoConfirmAfterShipment_ms: number;
  sellerHold_ms: number;
  refundResponse_ms: number;
  payoutMinimum_minor: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Environment = Record<string, string | undefined>;

function readInteger(env: Environment, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function readBoolean(env: Environment, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function readUrl(env: Environment, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return raw;
}

const DAY_MS = 86_400_000;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function readLogLevel(env: Environment): Config['logLevel'] {
  const raw = env.LOG_LEVEL;
  if (raw === undefined || raw === '') return 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === raw);
  if (!level) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return level;
}

function readHost(env: Environment): string {
  const raw = env.HOST;
  if (raw === undefined || raw === '') return '0.0.0.0';
  if (/\s/.test(raw)) throw new ConfigError('HOST', `must be a host name or address, got "${raw}"`);
  return raw;
}

export function loadConfig(env: Environment = process.env): Config {
  const port = readInteger(env, 'PORT', 8080, 0, 65_535);
  const publicUrl = readUrl(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const workers = readInteger(env, 'WORKERS', 1, 1, 64);
  const databaseUrl = readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  return {
    port,
    host: readHost(env),
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl,
    databasePoolSize: readInteger(env, 'DATABASE_POOL_SIZE', 20, 1, 500),
    redisUrl: readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    natsUrl: readUrl(env, 'NATS_URL', ['nats:', 'tls:']),
    publicUrl: publicUrl.replace(/\/+$/, ''),
    logLevel: readLogLevel(env),
    bodyLimit_bytes: readInteger(env, 'BODY_LIMIT_BYTES', 1_048_576, 1_024, 104_857_600),
    sessionTtl_ms: readInteger(env, 'SESSION_TTL_HOURS', 24 * 30, 1, 24 * 365) * 3_600_000,
    cookieSecure: readBoolean(env, 'COOKIE_SECURE', publicUrl.startsWith('https:')),
    trustProxy: readBoolean(env, 'TRUST_PROXY', false),
    passwordHashCost: readInteger(env, 'PASSWORD_HASH_COST', 15, 10, 20),
    shutdownTimeout_ms: readInteger(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    workers,
    // Searches run on threads of their own, so the main thread answers HTTP while a search
    // ranks: on SQLite all of a search's work (decision 0016), on PostgreSQL the part not in
    // the database's processes (decision 0018 measured it ahead in 8 of 9 rounds).
    searchThreads: readInteger(env, 'SEARCH_THREADS', Math.max(1, Math.floor(availableParallelism() / workers)), 0, 64),
    sandboxSecret: env.PAYMENT_SANDBOX_SECRET || 'jishi-sandbox-secret',
    orderPaymentTimeout_ms: readInteger(env, 'ORDER_PAYMENT_TIMEOUT_MINUTES', 30, 1, 7 * 24 * 60) * 60_000,
    autoConfirmAfterDelivery_ms: readInteger(env, 'AUTO_CONFIRM_DAYS', 10, 1, 90) * DAY_MS,
    autoConfirmAfterShipment_ms: readInteger(env, 'AUTO_CONFIRM_AFTER_SHIPMENT_DAYS', 15, 1, 120) * DAY_MS,
    sellerHold_ms: readInteger(env, 'SELLER_HOLD_DAYS', 3, 0, 90) * DAY_MS,
    refundResponse_ms: readInteger(env, 'REFUND_RESPONSE_HOURS', 48, 1, 720) * 3_600_000,
    payoutMinimum_minor: readInteger(env, 'PAYOUT_MINIMUM_MINOR', 1000, 1, 100_000_000),
  };
}

/** The configuration variables with what they mean, for `--help` and the README. */
export const CONFIG_VARIABLES: ReadonlyArray<readonly [name: string, meaning: string]> = [
  ['PORT', 'HTTP port (default 8080)'],
  ['HOST', 'address to listen on (default 0.0.0.0)'],
  ['DATA_DIR', 'where the SQLite file and blobs live (default ./data)'],
  ['DATABASE_URL', 'postgres://… to run on PostgreSQL instead of SQLite'],
  ['DATABASE_POOL_SIZE', 'connections per server process to PostgreSQL (default 20)'],
  ['REDIS_URL', 'redis://… to share pub/sub and rate limits between instances'],
  ['NATS_URL', 'nats://… as an alternative to Redis for pub/sub'],
  ['PUBLIC_URL', 'the address buyers use, for QR codes and share links'],
  ['LOG_LEVEL', 'fatal, error, warn, info (default), debug, trace or silent'],
  ['BODY_LIMIT_BYTES', 'largest JSON body accepted (default 1 MiB)'],
  ['SESSION_TTL_HOURS', 'how long a sign-in lasts (default 720)'],
  ['COOKIE_SECURE', 'mark cookies Secure (default: true when PUBLIC_URL is https)'],
  ['TRUST_PROXY', 'trust X-Forwarded-For from a reverse proxy (default false)'],
  ['PASSWORD_HASH_COST', 'log2 of the scrypt cost (default 15)'],
  ['SHUTDOWN_TIMEOUT_MS', 'longest wait for in-flight requests at shutdown (default 10000)'],
  ['WORKERS', 'server processes sharing the port, e.g. one per core (default 1)'],
  [
    'SEARCH_THREADS',
    'threads each server process searches on; 0 searches on the main thread (default: cores ÷ WORKERS on SQLite, 0 on PostgreSQL)',
  ],
  ['PAYMENT_SANDBOX_SECRET', 'signs the sandbox payment provider’s callbacks (set your own in any shared deployment)'],
  ['ORDER_PAYMENT_TIMEOUT_MINUTES', 'an unpaid order cancels itself after this long (default 30)'],
  ['AUTO_CONFIRM_DAYS', 'receipt is confirmed for the buyer this many days after delivery (default 10)'],
  ['AUTO_CONFIRM_AFTER_SHIPMENT_DAYS', '… or after shipment when no delivery is reported (default 15)'],
  ['SELLER_HOLD_DAYS', 'released money stays held this long before the seller may withdraw it (default 3)'],
  ['REFUND_RESPONSE_HOURS', 'a refund request the seller does not answer is accepted after this long (default 48)'],
  ['PAYOUT_MINIMUM_MINOR', 'the smallest payout a seller may ask for, in minor units (default 1000)'],
];
