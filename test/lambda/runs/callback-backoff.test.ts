import { describe, expect, it } from 'vitest';
import { callbackRetryDelaySeconds, nextCallbackRetry } from '../../../lambda/runs/callback-backoff';

const NO_JITTER = 0.999_999;
const HOUR_MS = 3_600_000;

describe('callbackRetryDelaySeconds', () => {
  it('waits 30 s after the first failure and doubles each time', () => {
    // Arrange
    const failures = [1, 2, 3, 4, 5, 6, 7];

    // Act
    const delays = failures.map((failure) => callbackRetryDelaySeconds(failure, NO_JITTER));

    // Assert
    expect(delays).toEqual([30, 60, 120, 240, 480, 960, 1_920]);
  });

  it('waits at most an hour', () => {
    expect(callbackRetryDelaySeconds(20, NO_JITTER)).toBe(3_600);
  });

  it('draws the wait between half and all of the scheduled one', () => {
    // Arrange
    const draws = [0, 0.5, NO_JITTER];

    // Act
    const delays = draws.map((draw) => callbackRetryDelaySeconds(8, draw));

    // Assert
    expect(delays).toEqual([1_800, 2_700, 3_600]);
  });
});

describe('nextCallbackRetry', () => {
  const first = Date.parse('2026-12-02T10:00:00.000Z');

  it('tries again after the backoff within 24 h of the first attempt', () => {
    // Act
    const decision = nextCallbackRetry({ failures: 1, firstAttemptAt: first, now: first + 1_000 }, NO_JITTER);

    // Assert
    expect(decision).toEqual({ kind: 'wait', delaySeconds: 30 });
  });

  it('gives up when the next attempt would start more than 24 h after the first', () => {
    // Act
    const decision = nextCallbackRetry({ failures: 30, firstAttemptAt: first, now: first + 23.5 * HOUR_MS }, NO_JITTER);

    // Assert
    expect(decision).toEqual({ kind: 'give-up' });
  });

  it('makes about thirty attempts in the 24 h, the waits never longer than an hour', () => {
    // Arrange
    let now = first;
    let failures = 0;
    const waits: number[] = [];

    // Act
    for (;;) {
      failures += 1;
      const decision = nextCallbackRetry({ failures, firstAttemptAt: first, now }, NO_JITTER);
      if (decision.kind === 'give-up') break;
      waits.push(decision.delaySeconds);
      now += decision.delaySeconds * 1_000;
    }

    // Assert
    expect(failures).toBeGreaterThanOrEqual(28);
    expect(failures).toBeLessThanOrEqual(32);
    expect(now - first).toBeLessThanOrEqual(24 * HOUR_MS);
    expect(Math.max(...waits)).toBe(3_600);
  });
});
