/**
 * Invariant checks inside services. A failed assertion is a bug in Jishi, never a user's
 * mistake, so it throws an `AssertionError` that the HTTP layer turns into a 500.
 */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new AssertionError(`${what} must be a safe integer, got ${value}`);
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new AssertionError(`unexpected ${what}: ${String(value)}`);
}
