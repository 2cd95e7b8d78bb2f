import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deadlineFor } from '../../lambda/adapter';
import { aLambdaContext, anAdapterConfig } from '../support/factories';

const NOW = Date.parse('2025-01-15T12:00:00.000Z');

describe('deadlineFor', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('uses the configured deadline when the Lambda has more time than that', () => {
    // Arrange
    const config = anAdapterConfig({ upstreamDeadlineMs: 25_000 });

    // Act
    const deadline = deadlineFor(config, aLambdaContext(28_000));

    // Assert
    expect(deadline).toBe(NOW + 25_000);
  });

  it('ends one second before the Lambda’s own time runs out, when that comes sooner', () => {
    // Arrange
    const config = anAdapterConfig({ upstreamDeadlineMs: 25_000 });

    // Act
    const deadline = deadlineFor(config, aLambdaContext(10_000));

    // Assert
    expect(deadline).toBe(NOW + 9_000);
  });

  it('takes the configured deadline when both limits agree', () => {
    // Arrange
    const config = anAdapterConfig({ upstreamDeadlineMs: 5_000 });

    // Act
    const deadline = deadlineFor(config, aLambdaContext(6_000));

    // Assert
    expect(deadline).toBe(NOW + 5_000);
  });

  it.each([1_000, 400, 0])(
    'leaves at least 1 ms when the Lambda has %i ms left, so the call fails as a timeout',
    (remaining) => {
      // Arrange
      const config = anAdapterConfig();

      // Act
      const deadline = deadlineFor(config, aLambdaContext(remaining));

      // Assert
      expect(deadline).toBe(NOW + 1);
    },
  );

  it('uses the configured deadline when the context cannot tell the time left (a local run)', () => {
    // Arrange
    const config = anAdapterConfig({ upstreamDeadlineMs: 25_000 });
    const context = {} as Parameters<typeof deadlineFor>[1];

    // Act
    const deadline = deadlineFor(config, context);

    // Assert
    expect(deadline).toBe(NOW + 25_000);
  });

  it('counts from the moment it is asked', () => {
    // Arrange
    const config = anAdapterConfig({ upstreamDeadlineMs: 25_000 });
    vi.setSystemTime(NOW + 3_000);

    // Act
    const deadline = deadlineFor(config, aLambdaContext(28_000));

    // Assert
    expect(deadline).toBe(NOW + 28_000);
  });
});
