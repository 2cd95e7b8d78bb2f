import { describe, expect, it } from 'vitest';
import type { FailureVerdict } from '../../../lambda/observability/failure-class';
import { type InvocationRecord, outcomeLine } from '../../../lambda/observability/invocation-outcome';

/** A run that succeeded on its first attempt, with a test's changes. */
const aRecord = (overrides: Partial<InvocationRecord> = {}): InvocationRecord => ({
  requestId: 'request-1',
  awsRequestId: 'aws-request-1',
  route: 'runImport',
  command: { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] },
  idempotency: 'none',
  attempts: [{ status: 200, ms: 12.34 }],
  jobStatus: 'Finished',
  ...overrides,
});

const SUCCEEDED = { status: 200, elapsedMs: 20.06 };

const aVerdict = (overrides: Partial<FailureVerdict> = {}): FailureVerdict => ({
  failureClass: 'upstream-5xx',
  failedMetric: 'RunsFailedUpstream5xx',
  upstreamFailed: true,
  ...overrides,
});

const unmasked = (text: string): string => text;

describe('outcomeLine', () => {
  it('writes a succeeded run at info with its ids, events, upstream answer, attempts and timings', () => {
    // Act
    const line = outcomeLine(aRecord(), SUCCEEDED, unmasked);

    // Assert
    expect(line.level).toBe('info');
    expect(line.message).toBe('runImport succeeded');
    expect(JSON.parse(JSON.stringify(line.fields))).toEqual({
      outcome: 'succeeded',
      route: 'runImport',
      contactListId: 1,
      importJobId: 2,
      customEvents: ['SendWelcomeEmail'],
      status: 200,
      jobStatus: 'Finished',
      upstreamStatus: 200,
      attempts: 1,
      upstreamMs: 12.3,
      elapsedMs: 20.1,
      idempotency: 'none',
      requestId: 'request-1',
      awsRequestId: 'aws-request-1',
    });
  });

  it('sums the time of every attempt and names the last one', () => {
    // Act
    const line = outcomeLine(
      aRecord({
        attempts: [
          { status: 503, ms: 5 },
          { status: 200, ms: 7.5 },
        ],
      }),
      SUCCEEDED,
      unmasked,
    );

    // Assert
    expect(line.fields).toMatchObject({ attempts: 2, upstreamStatus: 200, upstreamMs: 12.5 });
  });

  it('writes a replayed run as replayed, with no upstream time', () => {
    // Act
    const line = outcomeLine(aRecord({ idempotency: 'replayed', attempts: [] }), SUCCEEDED, unmasked);

    // Assert
    expect(line).toMatchObject({
      level: 'info',
      message: 'runImport replayed',
      fields: { outcome: 'replayed', attempts: 0 },
    });
    expect(line.fields.upstreamMs).toBeUndefined();
  });

  it('writes a caller-side failure at warn and a server-side one at error, naming the problem and its class', () => {
    // Arrange
    const refused = aRecord({
      attempts: [],
      problem: { title: 'Invalid payload', detail: 'contactListId: is required' },
    });
    const failed = aRecord({
      attempts: [{ status: 500, ms: 3 }],
      problem: { title: 'Upstream failed', detail: 'Which50 answered 500.' },
    });

    // Act
    const refusedLine = outcomeLine(
      refused,
      { status: 400, elapsedMs: 1 },
      unmasked,
      aVerdict({ failureClass: 'validation' }),
    );
    const failedLine = outcomeLine(failed, { status: 502, elapsedMs: 4 }, unmasked, aVerdict());

    // Assert
    expect(refusedLine).toMatchObject({ level: 'warn', message: 'runImport failed: Invalid payload' });
    expect(refusedLine.fields).toMatchObject({ outcome: 'failed', failureClass: 'validation', status: 400 });
    expect(failedLine).toMatchObject({ level: 'error', message: 'runImport failed: Upstream failed' });
    expect(failedLine.fields).toMatchObject({
      failureClass: 'upstream-5xx',
      upstreamStatus: 500,
      problem: { detail: 'Which50 answered 500.' },
    });
  });

  it('names a schedule run by its schedule and occurrence', () => {
    // Act
    const line = outcomeLine(
      aRecord({ route: 'scheduledRun', schedule: 'nightly', deliveryId: 'schedule:nightly@2026-01-01T02:00:00Z' }),
      SUCCEEDED,
      unmasked,
    );

    // Assert
    expect(line.message).toBe('scheduledRun succeeded');
    expect(line.fields).toMatchObject({
      route: 'scheduledRun',
      schedule: 'nightly',
      deliveryId: 'schedule:nightly@2026-01-01T02:00:00Z',
    });
  });

  it('calls a request no route matched a request', () => {
    // Act
    const line = outcomeLine(
      aRecord({
        route: undefined,
        command: undefined,
        idempotency: undefined,
        attempts: [],
        problem: { title: 'Not found', detail: 'No route.' },
      }),
      { status: 404, elapsedMs: 1 },
      unmasked,
      aVerdict({ failureClass: 'validation' }),
    );

    // Assert
    expect(line.message).toBe('request failed: Not found');
  });

  it('names a bug by its error name only', () => {
    // Act
    const line = outcomeLine(
      aRecord({ attempts: [], errorName: 'TypeError' }),
      { status: 500, elapsedMs: 1 },
      unmasked,
      aVerdict({ failureClass: 'internal' }),
    );

    // Assert
    expect(line.message).toBe('runImport failed: Internal error');
    expect(line.fields).toMatchObject({ failureClass: 'internal', errorName: 'TypeError' });
    expect(line.fields.problem).toBeUndefined();
  });

  it('takes what became of a pending idempotency key from the verdict', () => {
    // Act
    const line = outcomeLine(
      aRecord({ idempotency: 'pending', attempts: [] }),
      { status: 409, elapsedMs: 1 },
      unmasked,
      aVerdict({ failureClass: 'idempotency', idempotency: 'in-progress' }),
    );

    // Assert
    expect(line.fields.idempotency).toBe('in-progress');
  });

  it('passes every piece of caller- or upstream-supplied text through the mask', () => {
    // Arrange
    const record = aRecord({
      command: { contactListId: 1, importJobId: 2, customEvents: ['has SECRET inside'] },
      deliveryId: 'key:SECRET',
      schedule: 'SECRET-schedule',
      problem: { title: 'Import refused by Which50', detail: 'Which50 said SECRET' },
      jobStatus: 'SECRET status',
    });

    // Act
    const line = outcomeLine(
      record,
      { status: 422, elapsedMs: 1 },
      (text) => text.replaceAll('SECRET', '[secret]'),
      aVerdict(),
    );

    // Assert
    expect(JSON.stringify(line)).not.toContain('SECRET');
    expect(line.fields.problem?.detail).toBe('Which50 said [secret]');
  });

  it('prints only the fields it names, whatever else the record carries', () => {
    // Arrange
    const record = {
      ...aRecord(),
      headers: { authorization: 'Bearer x' },
      body: '{"token":"x"}',
      secret: { token: 'x' },
    } as InvocationRecord;

    // Act
    const line = outcomeLine(record, SUCCEEDED, unmasked);

    // Assert
    expect(Object.keys(line.fields)).not.toEqual(expect.arrayContaining(['headers']));
    expect(JSON.stringify(line)).not.toContain('Bearer');
    expect(JSON.stringify(line)).not.toContain('token');
  });
});
