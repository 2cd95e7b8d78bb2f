import { describe, expect, it } from 'vitest';
import type { AttemptFailure } from '../../../lambda/which50/attempt';
import {
  type AttemptOutcome,
  backoffDelayMs,
  type CallState,
  isRetryableStatus,
  MAX_ATTEMPTS,
  MIN_ATTEMPT_MS,
  nextStep,
  retryAfterMs,
} from '../../../lambda/which50/retry-policy';

/** A stand-in for Math.random that always draws `value`. */
const drawing = (value: number) => () => value;

/** Just below 1, the largest value Math.random can return. */
const HIGHEST_DRAW = 1 - Number.EPSILON;

const NOW = Date.parse('2025-01-15T12:00:00.000Z');

describe('backoffDelayMs', () => {
  it('waits nothing when the draw is 0', () => {
    // Act
    const delay = backoffDelayMs(3, drawing(0));

    // Assert
    expect(delay).toBe(0);
  });

  it.each([
    [0, 99],
    [1, 199],
    [2, 399],
    [3, 799],
    [4, 1_599],
  ])('stays below 100 ms × 2^attempt (attempt %i: at most %i ms)', (attempt, highest) => {
    // Act
    const delay = backoffDelayMs(attempt, drawing(HIGHEST_DRAW));

    // Assert
    expect(delay).toBe(highest);
  });

  it.each([5, 6, 10, 40])('never waits 2 s or more, however many attempts (attempt %i)', (attempt) => {
    // Act
    const delay = backoffDelayMs(attempt, drawing(HIGHEST_DRAW));

    // Assert
    expect(delay).toBe(1_999);
  });

  it('spreads the wait across the window in proportion to the draw', () => {
    // Act
    const delay = backoffDelayMs(2, drawing(0.5));

    // Assert
    expect(delay).toBe(200);
  });

  it('gives whole milliseconds', () => {
    // Act
    const delay = backoffDelayMs(1, drawing(0.123_456));

    // Assert
    expect(Number.isInteger(delay)).toBe(true);
  });

  it('uses Math.random when no draw is given, within the bounds', () => {
    // Act
    const delays = Array.from({ length: 200 }, () => backoffDelayMs(2));

    // Assert
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(400);
    }
  });
});

describe('retryAfterMs', () => {
  it.each([
    ['0', 0],
    ['1', 1_000],
    ['120', 120_000],
    [' 5 ', 5_000],
  ])('reads %j seconds', (header, expected) => {
    // Act
    const wait = retryAfterMs(header, NOW);

    // Assert
    expect(wait).toBe(expected);
  });

  it('reads an HTTP date as the time left until it', () => {
    // Arrange
    const header = new Date(NOW + 30_000).toUTCString();

    // Act
    const wait = retryAfterMs(header, NOW);

    // Assert
    expect(wait).toBe(30_000);
  });

  it('reads the RFC 9110 example date', () => {
    // Arrange
    const header = 'Fri, 31 Dec 1999 23:59:59 GMT';
    const now = Date.parse('1999-12-31T23:59:00.000Z');

    // Act
    const wait = retryAfterMs(header, now);

    // Assert
    expect(wait).toBe(59_000);
  });

  it('reads an HTTP date already past as no wait', () => {
    // Arrange
    const header = new Date(NOW - 60_000).toUTCString();

    // Act
    const wait = retryAfterMs(header, NOW);

    // Assert
    expect(wait).toBe(0);
  });

  it.each([null, '', '   '])('gives undefined for an absent header (%j)', (header) => {
    // Act
    const wait = retryAfterMs(header, NOW);

    // Assert
    expect(wait).toBeUndefined();
  });

  it.each(['soon', '10s', '1e3', 'in a minute'])(
    'gives undefined for garbage the date parser refuses (%j)',
    (header) => {
      // Act
      const wait = retryAfterMs(header, NOW);

      // Assert
      expect(wait).toBeUndefined();
    },
  );

  it.each(['1.5', '-1', '+5', 'abc 12'])(
    'gives undefined for %j, which is neither delay-seconds nor an HTTP date',
    (header) => {
      // Act
      const wait = retryAfterMs(header, NOW);

      // Assert
      expect(wait).toBeUndefined();
    },
  );
});

describe('isRetryableStatus', () => {
  it.each([429, 503])('retries %i, which says the run did not start', (status) => {
    // Assert
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([200, 400, 401, 404, 409, 500, 502, 504])('does not retry %i', (status) => {
    // Assert
    expect(isRetryableStatus(status)).toBe(false);
  });
});

describe('nextStep', () => {
  const DEADLINE = NOW + 10_000;

  const aState = (overrides: Partial<CallState> = {}): CallState => ({
    safe: false,
    retries: 0,
    refreshedCredential: false,
    resentStale: false,
    ...overrides,
  });

  const anAnswer = (status: number, retryAfter: string | null = null): AttemptOutcome => ({
    kind: 'answer',
    status,
    retryAfter,
  });

  const aFailure = (failure: AttemptFailure): AttemptOutcome => ({ kind: 'failure', failure });

  const decide = (outcome: AttemptOutcome, state: CallState = aState(), deadline = DEADLINE, draw = 0.5) =>
    nextStep(outcome, state, deadline, NOW, drawing(draw));

  it.each([200, 201, 204])('finishes on a %i answer', (status) => {
    // Act
    const step = decide(anAnswer(status));

    // Assert
    expect(step).toEqual({ kind: 'finish' });
  });

  it('refreshes the credential after a first 401', () => {
    // Act
    const step = decide(anAnswer(401));

    // Assert
    expect(step).toEqual({ kind: 'refresh-credential' });
  });

  it('finishes on a 401 that follows a refresh', () => {
    // Act
    const step = decide(anAnswer(401), aState({ refreshedCredential: true }));

    // Assert
    expect(step).toEqual({ kind: 'finish' });
  });

  it('resends at once after a first stale connection', () => {
    // Act
    const step = decide(aFailure('stale'));

    // Assert
    expect(step).toEqual({ kind: 'resend' });
  });

  it('backs off, like an unreachable upstream, after a second stale connection', () => {
    // Act
    const step = decide(aFailure('stale'), aState({ resentStale: true }));

    // Assert
    expect(step).toEqual({ kind: 'wait', delayMs: 50 });
  });

  it.each([
    ['a 429', anAnswer(429)],
    ['a 503', anAnswer(503)],
    ['an unreachable upstream', aFailure('unreachable')],
  ])('waits a jittered backoff after %s, growing with the retries', (_name, outcome) => {
    // Act
    const first = decide(outcome, aState({ retries: 0 }));
    const second = decide(outcome, aState({ retries: 1 }));

    // Assert
    expect(first).toEqual({ kind: 'wait', delayMs: 50 });
    expect(second).toEqual({ kind: 'wait', delayMs: 100 });
  });

  it('waits at least as long as Retry-After asks', () => {
    // Act
    const step = decide(anAnswer(429, '3'));

    // Assert
    expect(step).toEqual({ kind: 'wait', delayMs: 3_000 });
  });

  it('waits the backoff when it is longer than Retry-After', () => {
    // Act
    const step = decide(anAnswer(503, '0'), aState({ retries: 1 }));

    // Assert
    expect(step).toEqual({ kind: 'wait', delayMs: 100 });
  });

  it('gives up at once when Retry-After asks for more time than the deadline leaves, passing the wait on', () => {
    // Act
    const step = decide(anAnswer(429, '60'));

    // Assert
    expect(step).toEqual({ kind: 'unavailable', retryAfterSeconds: 60 });
  });

  it('shortens a backoff so that the retry still happens before the deadline', () => {
    // Arrange
    const deadline = NOW + 150;

    // Act
    const step = decide(anAnswer(503), aState({ retries: 1 }), deadline, HIGHEST_DRAW);

    // Assert
    expect(step).toEqual({ kind: 'wait', delayMs: 150 - MIN_ATTEMPT_MS });
  });

  it('gives up with a one-second Retry-After when too little time is left for another attempt', () => {
    // Act
    const step = decide(aFailure('unreachable'), aState(), NOW + MIN_ATTEMPT_MS - 1);

    // Assert
    expect(step).toEqual({ kind: 'unavailable', retryAfterSeconds: 1 });
  });

  it.each([
    ['a 500', anAnswer(500)],
    ['a 502', anAnswer(502)],
    ['a 504', anAnswer(504)],
    ['a timeout after sending', aFailure('timed-out')],
    ['a reset after sending', aFailure('reset')],
    ['an unusable address', aFailure('unusable')],
    ['an answer over the cap', aFailure('too-large')],
    ['a 400', anAnswer(400)],
    ['a 404', anAnswer(404)],
  ])('never sends a run again after %s', (_name, outcome) => {
    // Act
    const step = decide(outcome, aState({ safe: false }));

    // Assert
    expect(step).toEqual({ kind: 'finish' });
  });

  it.each([
    ['a 502', anAnswer(502)],
    ['a 504', anAnswer(504)],
    ['a timeout', aFailure('timed-out')],
    ['a reset', aFailure('reset')],
  ])('repeats a read after %s, which is safe to repeat', (_name, outcome) => {
    // Act
    const step = decide(outcome, aState({ safe: true }));

    // Assert
    expect(step).toEqual({ kind: 'wait', delayMs: 50 });
  });

  it.each([
    ['a 500', anAnswer(500)],
    ['an unusable address', aFailure('unusable')],
    ['an answer over the cap', aFailure('too-large')],
  ])('does not repeat a read after %s, which would fail the same way', (_name, outcome) => {
    // Act
    const step = decide(outcome, aState({ safe: true }));

    // Assert
    expect(step).toEqual({ kind: 'finish' });
  });

  it('finishes a read with its last failure, not a 503, when the deadline leaves no room', () => {
    // Act
    const step = decide(aFailure('timed-out'), aState({ safe: true }), NOW + 10);

    // Assert
    expect(step).toEqual({ kind: 'finish' });
  });

  describe('the attempt budget: at most MAX_ATTEMPTS requests per call', () => {
    it('allows three requests in all', () => {
      // Assert
      expect(MAX_ATTEMPTS).toBe(3);
    });

    it.each([
      ['a 429', anAnswer(429)],
      ['a 503', anAnswer(503)],
      ['an unreachable upstream', aFailure('unreachable')],
      ['a stale connection', aFailure('stale')],
    ])('gives up after the third request when it met %s, with a one-second Retry-After', (_name, outcome) => {
      // Act
      const step = decide(outcome, aState({ retries: 2 }));

      // Assert
      expect(step).toEqual({ kind: 'unavailable', retryAfterSeconds: 1 });
    });

    it('passes Which50’s own Retry-After on when the budget is spent, though the deadline has room', () => {
      // Act
      const step = decide(anAnswer(429, '2'), aState({ retries: 2 }));

      // Assert
      expect(step).toEqual({ kind: 'unavailable', retryAfterSeconds: 2 });
    });

    it('counts the resend after a stale connection and the credential refresh as requests', () => {
      // Act
      const step = decide(anAnswer(503), aState({ resentStale: true, refreshedCredential: true }));

      // Assert
      expect(step).toEqual({ kind: 'unavailable', retryAfterSeconds: 1 });
    });

    it('still waits and sends a third request after one retry', () => {
      // Act
      const step = decide(anAnswer(429), aState({ retries: 1 }));

      // Assert
      expect(step.kind).toBe('wait');
    });

    it('does not refresh the credential when a 401 comes third', () => {
      // Act
      const step = decide(anAnswer(401), aState({ retries: 1, resentStale: true }));

      // Assert
      expect(step).toEqual({ kind: 'finish' });
    });

    it('does not resend at once after a stale connection found third', () => {
      // Act
      const step = decide(aFailure('stale'), aState({ retries: 1, refreshedCredential: true }));

      // Assert
      expect(step).toEqual({ kind: 'unavailable', retryAfterSeconds: 1 });
    });

    it('finishes a read with its last failure after the third request', () => {
      // Act
      const step = decide(aFailure('timed-out'), aState({ safe: true, retries: 2 }));

      // Assert
      expect(step).toEqual({ kind: 'finish' });
    });
  });
});
