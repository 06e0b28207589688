import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_POLICY, afterFailure, remainingBlock_ms, type ThrottleState } from './throttle.js';

describe('sign-in throttle', () => {
  it('lets the first few failures through, then blocks for doubling delays up to a cap', () => {
    let state: ThrottleState | undefined;
    const delays: number[] = [];
    for (let failure = 1; failure <= 20; failure += 1) {
      state = afterFailure(state, 1_000, ACCOUNT_POLICY);
      delays.push(remainingBlock_ms(state, 1_000));
    }
    expect(delays.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(delays.slice(5, 9)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(Math.max(...delays)).toBe(ACCOUNT_POLICY.maxDelay_ms);
  });

  it('forgets failures once the window has passed', () => {
    let state: ThrottleState | undefined;
    for (let failure = 0; failure < 5; failure += 1) state = afterFailure(state, 0, ACCOUNT_POLICY);
    state = afterFailure(state, ACCOUNT_POLICY.window_ms + 1, ACCOUNT_POLICY);
    expect(state.failures).toBe(1);
    expect(remainingBlock_ms(state, ACCOUNT_POLICY.window_ms + 1)).toBe(0);
  });

  it('never blocks longer than the cap, and a block always ends', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 120_000 }), { minLength: 1, maxLength: 60 }), (gaps) => {
        let state: ThrottleState | undefined;
        let now_ms = 0;
        for (const gap of gaps) {
          now_ms += gap;
          state = afterFailure(state, now_ms, ACCOUNT_POLICY);
          const remaining = remainingBlock_ms(state, now_ms);
          expect(remaining).toBeGreaterThanOrEqual(0);
          expect(remaining).toBeLessThanOrEqual(ACCOUNT_POLICY.maxDelay_ms);
          expect(remainingBlock_ms(state, now_ms + ACCOUNT_POLICY.maxDelay_ms)).toBe(0);
        }
      }),
    );
  });
});
