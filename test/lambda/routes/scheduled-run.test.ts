import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { respondWith, startRunThen } from '../../../dev/which50-sandbox-faults';
import { type AdapterHarness, startAdapterHarness } from '../../support/adapter-harness';

/** A Lambda context with plenty of time left, as the platform gives a scheduled invocation. */
const aLambdaContext = (): Context => ({ getRemainingTimeInMillis: () => 28_000 }) as unknown as Context;

let occurrences = 0;

/** A scheduled time no earlier invocation of this file used: a new occurrence of the schedule. */
const aNewScheduledTime = (): string => {
  occurrences += 1;
  return new Date(Date.UTC(2026, 10, 26, 2, occurrences)).toISOString();
};

/**
 * The input an EventBridge Scheduler schedule sends, with its context attributes filled in. Each
 * call is a new occurrence (its own scheduled time), unless a test gives one: the scheduled time
 * is what a retry of the same occurrence shares.
 */
const aScheduleInvocation = (overrides: Record<string, unknown> = {}) => ({
  source: 'schedule',
  scheduleName: 'nightly-welcome',
  scheduledTime: aNewScheduledTime(),
  attemptNumber: '1',
  contactListId: 1,
  importJobId: 2,
  customEvents: ['SendWelcomeEmail'],
  ...overrides,
});

describe('a schedule invocation', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness({ env: { SECRET_CACHE_SECONDS: '0' } });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.sandbox.reset();
    harness.putSecret(harness.defaultSecret());
  });

  it('runs the import like the HTTP route and returns the ImportJob', async () => {
    // Act
    const result = await harness.handler(aScheduleInvocation(), aLambdaContext());

    // Assert
    expect(result).toMatchObject({ id: 2, contactListId: 1, currentStatus: 'Finished' });
    expect(harness.sandbox.runRequests(1, 2)[0]?.customEvents).toEqual(['SendWelcomeEmail']);
  });

  it('needs no credential: IAM guards the function', async () => {
    // Arrange
    harness.putSecret({ which50: harness.defaultSecret().which50 });

    // Act
    const result = await harness.handler(aScheduleInvocation(), aLambdaContext());

    // Assert
    expect(result).toMatchObject({ id: 2 });
  });

  it('fails the invocation when the upstream fails, so Lambda retries it', async () => {
    // Arrange
    harness.sandbox.interceptOnce(respondWith(500, { Message: 'boom' }), 'run');

    // Act
    const invocation = harness.handler(aScheduleInvocation(), aLambdaContext());

    // Assert
    await expect(invocation).rejects.toMatchObject({ status: 502 });
  });

  it('fails the invocation for a malformed schedule input without calling the upstream', async () => {
    // Act
    const invocation = harness.handler(aScheduleInvocation({ importJobId: 'two', scheduleName: '' }), aLambdaContext());

    // Assert
    await expect(invocation).rejects.toMatchObject({ status: 400 });
    expect(harness.sandbox.requestCount).toBe(0);
  });

  it('runs one occurrence once: a retried invocation gets the first run’s ImportJob', async () => {
    // Arrange
    const scheduledTime = aNewScheduledTime();
    const first = await harness.handler(aScheduleInvocation({ scheduledTime }), aLambdaContext());

    // Act
    const retried = await harness.handler(aScheduleInvocation({ scheduledTime, attemptNumber: '2' }), aLambdaContext());

    // Assert
    expect(retried).toEqual(first);
    expect(harness.sandbox.runRequests(1, 2)).toHaveLength(1);
  });

  it('runs the next occurrence of the same schedule again', async () => {
    // Arrange
    await harness.handler(aScheduleInvocation(), aLambdaContext());

    // Act
    await harness.handler(aScheduleInvocation(), aLambdaContext());

    // Assert
    expect(harness.sandbox.runRequests(1, 2)).toHaveLength(2);
  });

  it('runs an occurrence again when the scheduler retries one that certainly did not run', async () => {
    // Arrange
    const scheduledTime = aNewScheduledTime();
    harness.sandbox.interceptOnce(respondWith(404, { Message: 'not yet' }), 'run');
    await expect(harness.handler(aScheduleInvocation({ scheduledTime }), aLambdaContext())).rejects.toMatchObject({
      status: 404,
    });

    // Act
    const retried = await harness.handler(aScheduleInvocation({ scheduledTime, attemptNumber: '2' }), aLambdaContext());

    // Assert
    expect(retried).toMatchObject({ id: 2, currentStatus: 'Finished' });
    expect(harness.sandbox.runRequests(1, 2)).toHaveLength(2);
  });

  it('fails a retried occurrence without a POST when the first may have run and the job does not show it', async () => {
    // Arrange
    const scheduledTime = aNewScheduledTime();
    harness.sandbox.interceptOnce(respondWith(500, { Message: 'boom' }), 'run');
    await expect(harness.handler(aScheduleInvocation({ scheduledTime }), aLambdaContext())).rejects.toMatchObject({
      status: 502,
    });

    // Act
    const retried = harness.handler(aScheduleInvocation({ scheduledTime, attemptNumber: '2' }), aLambdaContext());

    // Assert
    await expect(retried).rejects.toMatchObject({ status: 409, title: 'Run outcome unknown' });
    expect(harness.sandbox.runRequests(1, 2)).toHaveLength(1);
  });

  it('settles a retried occurrence from the job’s status when the first did run, without a POST', async () => {
    // Arrange
    const scheduledTime = aNewScheduledTime();
    harness.sandbox.interceptOnce(startRunThen(harness.sandbox, respondWith(502, 'Bad Gateway')), 'run');
    await expect(harness.handler(aScheduleInvocation({ scheduledTime }), aLambdaContext())).rejects.toMatchObject({
      status: 502,
    });

    // Act
    const retried = await harness.handler(aScheduleInvocation({ scheduledTime, attemptNumber: '2' }), aLambdaContext());

    // Assert
    expect(retried).toMatchObject({ id: 2, currentStatus: 'Finished' });
    expect(harness.sandbox.runRequests(1, 2)).toHaveLength(1);
  });
});
