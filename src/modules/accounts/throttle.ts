/**
 * Repeated failed sign-ins are slowed down, per account and per network address. A few
 * mistakes are free; past that, each failure blocks further attempts for a delay that
 * doubles, up to a cap. The state lives in the database so every server instance sees it.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  window_ms: number;
  baseDelay_ms: number;
  maxDelay_ms: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  window_ms: 15 * 60_000,
  baseDelay_ms: 1_000,
  maxDelay_ms: 15 * 60_000,
};

export const ADDRESS_POLICY: ThrottlePolicy = {
  freeFailures: 20,
  window_ms: 15 * 60_000,
  baseDelay_ms: 1_000,
  maxDelay_ms: 15 * 60_000,
};

export interface ThrottleState {
  failures: number;
  window_started_ms: number;
  blocked_until_ms: number | null;
}

/** How long from now the key stays blocked, or 0 when it may try. */
export function remainingBlock_ms(state: ThrottleState | undefined, now_ms: number): number {
  if (!state?.blocked_until_ms) return 0;
  return Math.max(0, state.blocked_until_ms - now_ms);
}

/** The state after one more failure at `now_ms`. */
export function afterFailure(state: ThrottleState | undefined, now_ms: number, policy: ThrottlePolicy): ThrottleState {
  const windowOver = !state || now_ms - state.window_started_ms > policy.window_ms;
  const failures = windowOver ? 1 : state.failures + 1;
  const window_started_ms = windowOver ? now_ms : state.window_started_ms;
  const excess = failures - policy.freeFailures;
  if (excess <= 0) return { failures, window_started_ms, blocked_until_ms: null };
  const delay_ms = Math.min(policy.maxDelay_ms, policy.baseDelay_ms * 2 ** Math.min(excess - 1, 30));
  return { failures, window_started_ms, blocked_until_ms: now_ms + delay_ms };
}
