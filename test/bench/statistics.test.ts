import { describe, expect, it } from 'vitest';
import { median, quantile, ratio } from '../../bench/statistics';

describe('quantile', () => {
  it('takes the nearest rank, a value that was really measured', () => {
    // Arrange
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);

    // Act
    const p99 = quantile(values, 0.99);

    // Assert
    expect(p99).toBe(99);
  });

  it('does not reorder the values it is given', () => {
    // Arrange
    const values = [3, 1, 2];

    // Act
    quantile(values, 0.5);

    // Assert
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuses an empty list', () => {
    // Act
    const act = () => quantile([], 0.5);

    // Assert
    expect(act).toThrow(/No values/);
  });

  it('refuses a fraction outside (0, 1]', () => {
    // Act
    const act = () => quantile([1, 2], 0);

    // Assert
    expect(act).toThrow(/fraction/);
  });
});

describe('median', () => {
  it('is the lower middle value of an even count', () => {
    // Act
    const middle = median([4, 1, 3, 2]);

    // Assert
    expect(middle).toBe(2);
  });
});

describe('ratio', () => {
  it('keeps three decimals', () => {
    // Act
    const value = ratio(2, 3);

    // Assert
    expect(value).toBe(0.667);
  });
});
