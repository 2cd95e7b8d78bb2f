import { describe, expect, it } from 'vitest';
import {
  FAILURE_CLASSES,
  failedMetricName,
  failureClassOf,
  judgeFailure,
} from '../../../lambda/observability/failure-class';
import type { AttemptSummary, InvocationRecord } from '../../../lambda/observability/invocation-outcome';

/** A run's record with the attempts given and a test's changes. */
const aRecord = (attempts: readonly AttemptSummary[], overrides: Partial<InvocationRecord> = {}): InvocationRecord => ({
  requestId: 'request-1',
  route: 'runImport',
  idempotency: 'none',
  attempts,
  problem: { title: 'Some problem', detail: 'What went wrong.' },
  ...overrides,
});

const NO_CALL: readonly AttemptSummary[] = [];
const answered = (status: number): AttemptSummary[] => [{ status, ms: 1 }];
const failedWith = (failure: string): AttemptSummary[] => [{ failure, ms: 1 }];

describe('failureClassOf', () => {
  it.each([
    ['a refused payload', aRecord(NO_CALL), 400, 'validation'],
    ['a body over the limit', aRecord(NO_CALL), 413, 'validation'],
    ['an unknown route', aRecord(NO_CALL, { route: undefined }), 404, 'validation'],
    ['a missing credential', aRecord(NO_CALL), 401, 'auth'],
    ['a run in progress', aRecord(NO_CALL, { idempotency: 'pending' }), 409, 'idempotency'],
    ['a key reused for another payload', aRecord(NO_CALL, { idempotency: 'pending' }), 422, 'idempotency'],
    ['the idempotency store down', aRecord(NO_CALL, { idempotency: 'pending' }), 503, 'idempotency'],
    ['an unknown job at Which50', aRecord(answered(404)), 404, 'upstream-4xx'],
    ['a run Which50 refused', aRecord(answered(409)), 422, 'upstream-4xx'],
    ['credentials Which50 rejected twice', aRecord([...answered(401), ...answered(401)]), 502, 'upstream-4xx'],
    ['throttling until the deadline', aRecord(answered(429)), 503, 'upstream-4xx'],
    ['a Which50 server error', aRecord(answered(500)), 502, 'upstream-5xx'],
    ['Which50 unavailable until the deadline', aRecord(answered(503)), 503, 'upstream-5xx'],
    ['an answer that is no ImportJob', aRecord(answered(200)), 502, 'upstream-5xx'],
    ['a connection broken after sending', aRecord(failedWith('reset')), 502, 'upstream-5xx'],
    ['a run that timed out', aRecord(failedWith('timed-out')), 504, 'timeout'],
    ['no connection until the deadline', aRecord(failedWith('unreachable')), 503, 'unreachable'],
    ['a broken secret', aRecord(NO_CALL), 500, 'configuration'],
    ['Secrets Manager unavailable', aRecord(NO_CALL), 503, 'unavailable'],
    [
      'a call the open circuit breaker refused',
      aRecord(NO_CALL, { circuit: 'open', idempotency: 'ran' }),
      503,
      'unavailable',
    ],
    ['a bug', aRecord(NO_CALL, { errorName: 'TypeError', problem: undefined }), 500, 'internal'],
  ] as const)('classes %s as %s', (_case, record, status, expected) => {
    // Act
    const failureClass = failureClassOf(record, { status, elapsedMs: 1 });

    // Assert
    expect(failureClass).toBe(expected);
  });

  it('gives no class to an invocation that succeeded, whatever its attempts went through', () => {
    // Act
    const failureClass = failureClassOf(aRecord([...answered(503), ...answered(200)]), { status: 200, elapsedMs: 1 });

    // Assert
    expect(failureClass).toBeUndefined();
  });
});

describe('judgeFailure', () => {
  it('counts an upstream failure under its class and as UpstreamFailed', () => {
    // Act
    const verdict = judgeFailure(aRecord(answered(500)), { status: 502, elapsedMs: 1 });

    // Assert
    expect(verdict).toEqual({
      failureClass: 'upstream-5xx',
      failedMetric: 'RunsFailedUpstream5xx',
      upstreamFailed: true,
    });
  });

  it.each([
    [409, 'in-progress'],
    [422, 'payload-mismatch'],
    [503, 'store-unavailable'],
  ] as const)('says why the idempotency guard refused with %i: %s', (status, idempotency) => {
    // Act
    const verdict = judgeFailure(aRecord(NO_CALL, { idempotency: 'pending' }), { status, elapsedMs: 1 });

    // Assert
    expect(verdict).toEqual({
      failureClass: 'idempotency',
      idempotency,
      failedMetric: 'RunsFailedIdempotency',
      upstreamFailed: false,
    });
  });

  it.each([['validation'], ['auth'], ['configuration'], ['unavailable'], ['internal']] as const)(
    'does not count a %s failure as an upstream one',
    (failureClass) => {
      // Act
      const { upstreamFailed } = judgeFailure(aRecord(NO_CALL), {
        status: { validation: 400, auth: 401, configuration: 500, unavailable: 503, internal: 500 }[failureClass],
        elapsedMs: 1,
      });

      // Assert
      expect(upstreamFailed).toBe(false);
    },
  );
});

describe('failedMetricName', () => {
  it('names one metric per class, each distinct and in the RunsFailed family', () => {
    // Act
    const names = FAILURE_CLASSES.map(failedMetricName);

    // Assert
    expect(names).toContain('RunsFailedUpstream4xx');
    expect(names).toContain('RunsFailedValidation');
    expect(new Set(names).size).toBe(FAILURE_CLASSES.length);
    for (const name of names) expect(name).toMatch(/^RunsFailed[A-Z][A-Za-z0-9]+$/);
  });
});
