import { describe, expect, it } from 'vitest';
import type { FailureVerdict } from '../../../lambda/observability/failure-class';
import type { OutcomeFields } from '../../../lambda/observability/invocation-outcome';
import { metricsFor } from '../../../lambda/observability/run-metrics';

const someFields = (overrides: Partial<OutcomeFields> = {}): OutcomeFields => ({
  outcome: 'succeeded',
  route: 'runImport',
  status: 200,
  attempts: 1,
  elapsedMs: 10,
  requestId: 'request-1',
  ...overrides,
});

const aVerdict = (
  failureClass: FailureVerdict['failureClass'],
  failedMetric: string,
  upstreamFailed: boolean,
): FailureVerdict => ({
  failureClass,
  failedMetric,
  upstreamFailed,
});

/** The metrics as name to values, for comparing whole sets. */
const byName = (entries: ReturnType<typeof metricsFor>): Record<string, number[]> => {
  const names: Record<string, number[]> = {};
  for (const { name, value } of entries) names[name] = [...(names[name] ?? []), value];
  return names;
};

const attemptsOf = (...ms: number[]) => ms.map((value) => ({ ms: value }));

describe('metricsFor', () => {
  it('counts a succeeded run as requested and succeeded, with the latency of each attempt', () => {
    // Act
    const metrics = metricsFor(someFields(), attemptsOf(12.34, 40));

    // Assert
    expect(byName(metrics)).toEqual({ RunsRequested: [1], RunsSucceeded: [1], UpstreamLatency: [12.3, 40] });
    expect(metrics.find(({ name }) => name === 'UpstreamLatency')?.unit).toBe('Milliseconds');
    expect(metrics.find(({ name }) => name === 'RunsRequested')?.unit).toBe('Count');
  });

  it('counts a replay as requested and replayed, not as succeeded', () => {
    // Act
    const metrics = metricsFor(someFields({ outcome: 'replayed', attempts: 0 }), []);

    // Assert
    expect(byName(metrics)).toEqual({ RunsRequested: [1], RunsReplayed: [1] });
  });

  it('counts a failed run under RunsFailed and its class, without UpstreamFailed when Which50 did not fail', () => {
    // Act
    const metrics = metricsFor(
      someFields({ outcome: 'failed', status: 400 }),
      [],
      undefined,
      aVerdict('validation', 'RunsFailedValidation', false),
    );

    // Assert
    expect(byName(metrics)).toEqual({ RunsRequested: [1], RunsFailed: [1], RunsFailedValidation: [1] });
  });

  it('counts a run Which50 failed as UpstreamFailed too', () => {
    // Act
    const metrics = metricsFor(
      someFields({ outcome: 'failed', status: 504 }),
      attemptsOf(300),
      undefined,
      aVerdict('timeout', 'RunsFailedTimeout', true),
    );

    // Assert
    expect(byName(metrics)).toEqual({
      RunsRequested: [1],
      RunsFailed: [1],
      RunsFailedTimeout: [1],
      UpstreamFailed: [1],
      UpstreamLatency: [300],
    });
  });

  it('counts a schedule run like an HTTP one', () => {
    // Act
    const metrics = metricsFor(someFields({ route: 'scheduledRun' }), attemptsOf(3));

    // Assert
    expect(byName(metrics)).toEqual({ RunsRequested: [1], RunsSucceeded: [1], UpstreamLatency: [3] });
  });

  it('adds the secret fetches made since the last publication as cache misses', () => {
    // Act
    const metrics = metricsFor(someFields(), attemptsOf(3), { fetches: 2, stale: 0 });

    // Assert
    expect(byName(metrics)).toMatchObject({ SecretCacheMiss: [2] });
    expect(byName(metrics)).not.toHaveProperty('SecretStale');
  });

  it('adds the stale secrets served since the last publication as SecretStale', () => {
    // Act
    const metrics = metricsFor(someFields(), attemptsOf(3), { fetches: 1, stale: 1 });

    // Assert
    expect(byName(metrics)).toMatchObject({ SecretCacheMiss: [1], SecretStale: [1] });
  });

  it('counts a call the open circuit breaker refused as CircuitBreakerOpen', () => {
    // Act
    const metrics = metricsFor(
      someFields({ outcome: 'failed', status: 503, attempts: 0, circuit: 'open' }),
      [],
      undefined,
      aVerdict('unavailable', 'RunsFailedUnavailable', false),
    );

    // Assert
    expect(byName(metrics)).toEqual({
      RunsRequested: [1],
      RunsFailed: [1],
      RunsFailedUnavailable: [1],
      CircuitBreakerOpen: [1],
    });
  });

  it.each(['closed', 'half-open'] as const)('does not count CircuitBreakerOpen for a call decided %s', (circuit) => {
    // Act
    const metrics = metricsFor(someFields({ circuit }), attemptsOf(3));

    // Assert
    expect(byName(metrics)).not.toHaveProperty('CircuitBreakerOpen');
  });

  it('counts no run for a status read, only its upstream latency and failure', () => {
    // Act
    const metrics = metricsFor(
      someFields({ route: 'importStatus', outcome: 'failed', status: 502 }),
      attemptsOf(8),
      undefined,
      aVerdict('upstream-5xx', 'RunsFailedUpstream5xx', true),
    );

    // Assert
    expect(byName(metrics)).toEqual({ UpstreamFailed: [1], UpstreamLatency: [8] });
  });

  it.each([['health'], ['openApi']] as const)('adds nothing for %s', (route) => {
    // Act
    const metrics = metricsFor(someFields({ route, attempts: 0 }), []);

    // Assert
    expect(metrics).toEqual([]);
  });

  it('adds nothing for a request no route matched', () => {
    // Act
    const metrics = metricsFor(
      someFields({ route: undefined, outcome: 'failed', status: 404 }),
      [],
      undefined,
      aVerdict('validation', 'RunsFailedValidation', false),
    );

    // Assert
    expect(metrics).toEqual([]);
  });
});
