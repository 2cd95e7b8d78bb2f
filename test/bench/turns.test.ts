import { describe, expect, it } from 'vitest';
import { turnsOf } from '../../bench/turns';

describe('turnsOf', () => {
  it('runs the contenders in the order given on even rounds', () => {
    // Act
    const order = turnsOf(['adapter', 'baseline'], 0);

    // Assert
    expect(order).toEqual(['adapter', 'baseline']);
  });

  it('runs them in reverse on odd rounds, so each gets the first slot as often', () => {
    // Act
    const order = turnsOf(['adapter', 'baseline', 'variant'], 1);

    // Assert
    expect(order).toEqual(['variant', 'baseline', 'adapter']);
  });
});
