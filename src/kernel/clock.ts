/**
 * Time comes from an injectable clock so that tests can move it (timed transitions,
 * session expiry, throttling windows) without sleeping.
 */
export interface Clock {
  now_ms(): number;
  now(): Date;
  /** ISO 8601 UTC text, the form timestamps take in the database. */
  nowIso(): string;
}

export const systemClock: Clock = {
  now_ms: () => Date.now(),
  now: () => new Date(),
  nowIso: () => new Date().toISOString(),
};

export class ManualClock implements Clock {
  private current_ms: number;

  constructor(start: Date | number = Date.UTC(2026, 0, 1)) {
    this.current_ms = typeof start === 'number' ? start : start.getTime();
  }

  now_ms(): number {
    return this.current_ms;
  }

  now(): Date {
    return new Date(this.current_ms);
  }

  nowIso(): string {
    return new Date(this.current_ms).toISOString();
  }

  advance(duration_ms: number): void {
    if (duration_ms < 0) throw new RangeError('a clock only moves forward');
    this.current_ms += duration_ms;
  }

  set(time: Date | number): void {
    this.current_ms = typeof time === 'number' ? time : time.getTime();
  }
}
