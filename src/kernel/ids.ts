import { randomBytes } from 'node:crypto';

/**
 * Identifiers carry a type prefix and sort by creation time: `usr_01JD…`.
 * The body is a ULID (48-bit millisecond time + 80 random bits, Crockford base32),
 * made monotonic within one millisecond so that ids created in a burst still sort in order.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_LENGTH = 10;
const RANDOM_LENGTH = 16;

export const ID_PREFIXES = [
  'usr',
  'ses',
  'key',
  'sto',
  'prd',
  'sku',
  'img',
  'cat',
  'ord',
  'req',
  'evt',
  'job',
  'adj',
  'jrn',
  'chk',
  'adr',
  'pay',
  'top',
  'rfd',
  'dsp',
  'pyo',
  'msg',
] as const;
export type IdPrefix = (typeof ID_PREFIXES)[number];

const ID_PATTERN = /^([a-z]{3})_([0-9A-HJKMNP-TV-Z]{26})$/;

let lastTime_ms = -1;
let lastRandom: number[] = [];

function encodeTime(time_ms: number): string {
  let remaining = time_ms;
  let out = '';
  for (let index = 0; index < TIME_LENGTH; index += 1) {
    out = ALPHABET[remaining % 32] + out;
    remaining = Math.floor(remaining / 32);
  }
  return out;
}

// Random bytes are drawn from the system 4 KiB at a time rather than one call per id.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

function freshRandom(): number[] {
  if (poolOffset + RANDOM_LENGTH > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const digits = new Array<number>(RANDOM_LENGTH);
  for (let index = 0; index < RANDOM_LENGTH; index += 1) digits[index] = (pool[poolOffset + index] ?? 0) & 31;
  poolOffset += RANDOM_LENGTH;
  return digits;
}

function incrementRandom(digits: number[]): number[] {
  const next = digits.slice();
  for (let index = next.length - 1; index >= 0; index -= 1) {
    const digit = next[index] ?? 0;
    if (digit < 31) {
      next[index] = digit + 1;
      return next;
    }
    next[index] = 0;
  }
  // All 80 bits overflowed inside one millisecond: astronomically unlikely; start afresh.
  return freshRandom();
}

/** Returns the 26-character time-sortable body of an id. */
export function ulid(time_ms: number = Date.now()): string {
  if (time_ms <= lastTime_ms) {
    lastRandom = incrementRandom(lastRandom);
    time_ms = lastTime_ms;
  } else {
    lastTime_ms = time_ms;
    lastRandom = freshRandom();
  }
  return encodeTime(time_ms) + lastRandom.map((digit) => ALPHABET[digit]).join('');
}

export function newId(prefix: IdPrefix, time_ms?: number): string {
  return `${prefix}_${ulid(time_ms)}`;
}

export function isId(value: string, prefix?: IdPrefix): boolean {
  const match = ID_PATTERN.exec(value);
  if (!match) return false;
  return prefix === undefined || match[1] === prefix;
}

/** The creation time encoded in an id, in milliseconds since the epoch. */
export function idTime_ms(id: string): number {
  const match = ID_PATTERN.exec(id);
  if (!match?.[2]) throw new TypeError(`not an id: ${id}`);
  let time_ms = 0;
  for (const character of match[2].slice(0, TIME_LENGTH)) {
    time_ms = time_ms * 32 + ALPHABET.indexOf(character);
  }
  return time_ms;
}
