import { describe, expect, it } from 'vitest';
import { backoffDelayMs, isRetryableStatus, retryAfterMs } from '../../../lambda/which50/retry-policy';

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

  it.each(['soon', '10s', '1e3', 'in a minute'])('gives undefined for garbage the date parser refuses (%j)', (header) => {
    // Act
    const wait = retryAfterMs(header, NOW);

    // Assert
    expect(wait).toBeUndefined();
  });

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
