import { describe, expect, it } from 'vitest';
import { type CircuitBreaker, createCircuitBreaker } from '../../../lambda/which50/circuit-breaker';

const THRESHOLD = 3;
const OPEN_MS = 30_000;

/** A breaker on a clock the test moves by hand. */
const aBreaker = (): { breaker: CircuitBreaker; advance: (ms: number) => void } => {
  let now = Date.parse('2025-01-15T12:00:00.000Z');
  const breaker = createCircuitBreaker({ threshold: THRESHOLD, openMs: OPEN_MS }, () => now);
  return { breaker, advance: (ms) => void (now += ms) };
};

/** Admits a call and settles it with `unavailable`, as the client does. */
const callEnding = (breaker: CircuitBreaker, unavailable: boolean | undefined): void => {
  breaker.settle(breaker.admit(), unavailable);
};

const failTimes = (breaker: CircuitBreaker, count: number): void => {
  for (let index = 0; index < count; index++) callEnding(breaker, true);
};

describe('createCircuitBreaker', () => {
  it('starts closed', () => {
    // Arrange
    const { breaker } = aBreaker();

    // Act
    const state = breaker.admit();

    // Assert
    expect(state).toBe('closed');
  });

  it('stays closed after one unavailable outcome fewer than the threshold', () => {
    // Arrange
    const { breaker } = aBreaker();

    // Act
    failTimes(breaker, THRESHOLD - 1);

    // Assert
    expect(breaker.admit()).toBe('closed');
  });

  it('opens after the threshold of unavailable outcomes in a row', () => {
    // Arrange
    const { breaker } = aBreaker();

    // Act
    failTimes(breaker, THRESHOLD);

    // Assert
    expect(breaker.admit()).toBe('open');
  });

  it('counts only outcomes in a row: an answer in between starts the count again', () => {
    // Arrange
    const { breaker } = aBreaker();
    failTimes(breaker, THRESHOLD - 1);

    // Act
    callEnding(breaker, false);
    failTimes(breaker, THRESHOLD - 1);

    // Assert
    expect(breaker.admit()).toBe('closed');
  });

  it('lets a call that learnt nothing (the secret failed, say) neither count nor reset the run', () => {
    // Arrange
    const { breaker } = aBreaker();
    failTimes(breaker, THRESHOLD - 1);

    // Act
    callEnding(breaker, undefined);
    callEnding(breaker, true);

    // Assert
    expect(breaker.admit()).toBe('open');
  });

  it('tells the whole seconds left while open, rounded up', () => {
    // Arrange
    const { breaker, advance } = aBreaker();
    failTimes(breaker, THRESHOLD);

    // Act
    advance(10_500);

    // Assert
    expect(breaker.secondsLeft()).toBe(20);
  });

  it('stays open until the open period is over', () => {
    // Arrange
    const { breaker, advance } = aBreaker();
    failTimes(breaker, THRESHOLD);

    // Act
    advance(OPEN_MS - 1);

    // Assert
    expect(breaker.admit()).toBe('open');
  });

  it('makes the first call after the open period the half-open trial, and refuses the others while it runs', () => {
    // Arrange
    const { breaker, advance } = aBreaker();
    failTimes(breaker, THRESHOLD);
    advance(OPEN_MS);

    // Act
    const trial = breaker.admit();
    const meanwhile = [breaker.admit(), breaker.admit()];

    // Assert
    expect(trial).toBe('half-open');
    expect(meanwhile).toEqual(['open', 'open']);
    expect(breaker.secondsLeft()).toBe(1);
  });

  it('closes when the trial gets an answer', () => {
    // Arrange
    const { breaker, advance } = aBreaker();
    failTimes(breaker, THRESHOLD);
    advance(OPEN_MS);

    // Act
    breaker.settle(breaker.admit(), false);

    // Assert
    expect(breaker.admit()).toBe('closed');
  });

  it('after closing, needs the whole threshold again to open', () => {
    // Arrange
    const { breaker, advance } = aBreaker();
    failTimes(breaker, THRESHOLD);
    advance(OPEN_MS);
    breaker.settle(breaker.admit(), false);

    // Act
    failTimes(breaker, THRESHOLD - 1);

    // Assert
    expect(breaker.admit()).toBe('closed');
  });

  it('opens again for the whole period when the trial fails', () => {
    // Arrange
    const { breaker, advance } = aBreaker();
    failTimes(breaker, THRESHOLD);
    advance(OPEN_MS);

    // Act
    breaker.settle(breaker.admit(), true);

    // Assert
    expect(breaker.admit()).toBe('open');
    expect(breaker.secondsLeft()).toBe(OPEN_MS / 1_000);
  });

  it('lets the next call be the trial when the trial learnt nothing', () => {
    // Arrange
    const { breaker, advance } = aBreaker();
    failTimes(breaker, THRESHOLD);
    advance(OPEN_MS);

    // Act
    breaker.settle(breaker.admit(), undefined);

    // Assert
    expect(breaker.admit()).toBe('half-open');
  });

  it('is not closed by a call admitted before it opened that ends with an answer', () => {
    // Arrange
    const { breaker } = aBreaker();
    const early = breaker.admit();
    failTimes(breaker, THRESHOLD);

    // Act
    breaker.settle(early, false);

    // Assert
    expect(breaker.admit()).toBe('open');
  });

  it('is not kept open longer by a call admitted before it opened that ends unavailable', () => {
    // Arrange
    const { breaker, advance } = aBreaker();
    const early = breaker.admit();
    failTimes(breaker, THRESHOLD);
    advance(OPEN_MS - 1_000);

    // Act
    breaker.settle(early, true);
    advance(1_000);

    // Assert
    expect(breaker.admit()).toBe('half-open');
  });
});
