import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hangBeforeHeaders, respondWith } from '../../../dev/which50-sandbox-faults';
import { type AdapterHarness, postJson, startAdapterHarness, withApiKey } from '../../support/adapter-harness';
import { capturePrintedOutput, type PrintedLine, type PrintedOutput } from '../../support/log-lines';

const RUN = { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] };

/** Each run's own Idempotency-Key, so that deliveries of one test never meet another's. */
let keys = 0;
const aNewIdempotencyKey = (): string => {
  keys += 1;
  return `outcome-test-key-${keys}-${Date.now()}`;
};

/** A Lambda context as the platform gives a scheduled invocation. */
const aLambdaContext = (): Context =>
  ({ awsRequestId: 'aws-request-for-schedule', getRemainingTimeInMillis: () => 28_000 }) as unknown as Context;

let occurrences = 0;
const aScheduleInvocation = (overrides: Record<string, unknown> = {}) => {
  occurrences += 1;
  return {
    source: 'schedule',
    scheduleName: 'nightly-welcome',
    scheduledTime: new Date(Date.UTC(2026, 5, 1, 2, occurrences)).toISOString(),
    attemptNumber: '1',
    contactListId: 1,
    importJobId: 2,
    customEvents: ['SendWelcomeEmail'],
    ...overrides,
  };
};

/** The one outcome line of the request that got `response`, matched by its `x-request-id`. */
const outcomeOf = (output: PrintedOutput, response: Response): PrintedLine => {
  const requestId = response.headers.get('x-request-id');
  const matching = output.outcomes().filter((line) => line.requestId === requestId);
  if (matching.length !== 1) throw new Error(`Expected one outcome line for ${requestId}, found ${matching.length}.`);
  return matching[0] as PrintedLine;
};

/** Loads the secret once, so that its first fetch (and that fetch's metric) is not any test's. */
const warmSecretCache = async (harness: AdapterHarness): Promise<void> => {
  await harness.request('/contact-lists/1/imports/2', { headers: withApiKey() });
};

/** A started harness and what it prints, captured test by test; `subject.harness` and `subject.output` in the tests. */
interface Observed {
  harness: AdapterHarness;
  output: PrintedOutput;
}

/**
 * Starts a harness for the enclosing `describe` and captures what each of its tests prints.
 * `warm` first loads the secret, so that its fetch (and that fetch's metric) is no test's.
 */
const observedHarness = (options: Parameters<typeof startAdapterHarness>[0], { warm = true } = {}): Observed => {
  const subject = {} as Observed;
  beforeAll(async () => {
    subject.harness = await startAdapterHarness(options);
    if (warm) await warmSecretCache(subject.harness);
  });
  afterAll(() => subject.harness.close());
  beforeEach(() => {
    subject.harness.sandbox.reset();
    subject.output = capturePrintedOutput();
  });
  afterEach(() => subject.output.restore());
  return subject;
};

describe('the outcome line and metrics of an HTTP run', () => {
  const subject = observedHarness({ env: { UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_DEADLINE_MS: '1500' } });

  it('names the run, its ids, events, upstream answer and correlation ids when it succeeds', async () => {
    // Act
    const response = await subject.harness.request('/imports/run', postJson(RUN));

    // Assert
    const line = outcomeOf(subject.output, response);
    expect(line).toMatchObject({
      level: 'INFO',
      message: 'runImport succeeded',
      service: 'which50-import-webhook',
      outcome: 'succeeded',
      route: 'runImport',
      contactListId: 1,
      importJobId: 2,
      customEvents: ['SendWelcomeEmail'],
      status: 200,
      jobStatus: 'Finished',
      upstreamStatus: 200,
      attempts: 1,
      idempotency: 'none',
    });
    expect(line.elapsedMs).toBeGreaterThanOrEqual(line.upstreamMs);
    expect(line.awsRequestId).toEqual(expect.any(String));
    expect(line).not.toHaveProperty('failureClass');
    expect(line).not.toHaveProperty('problem');
  });

  it('publishes one metrics set for a success: requested, succeeded and the attempt latency', async () => {
    // Act
    await subject.harness.request('/imports/run', postJson(RUN));

    // Assert
    const [metrics, ...others] = subject.output.metricSets().filter((set) => 'RunsRequested' in set);
    expect(others).toEqual([]);
    expect(metrics).toMatchObject({ RunsRequested: 1, RunsSucceeded: 1, UpstreamLatency: expect.any(Number) });
    expect(metrics).not.toHaveProperty('RunsFailed');
    expect(metrics).not.toHaveProperty('UpstreamFailed');
  });

  it('carries the metrics in the outcome line itself, not in a line of their own', async () => {
    // Act
    const response = await subject.harness.request('/imports/run', postJson(RUN));

    // Assert
    const line = outcomeOf(subject.output, response);
    expect(line).toMatchObject({ outcome: 'succeeded', RunsRequested: 1, RunsSucceeded: 1 });
    expect(line._aws.CloudWatchMetrics[0].Metrics).toContainEqual({ Name: 'RunsRequested', Unit: 'Count' });
    expect(subject.output.lines().filter((printed) => printed._aws !== undefined)).toEqual([line]);
  });

  it('files the metrics under one namespace with the service dimension', async () => {
    // Act
    await subject.harness.request('/imports/run', postJson(RUN));

    // Assert
    const emf = subject.output.lines().find((line) => line._aws !== undefined);
    expect(emf?._aws.CloudWatchMetrics).toEqual([
      expect.objectContaining({ Namespace: 'Which50ImportWebhook', Dimensions: [['service']] }),
    ]);
    expect(emf?.service).toBe('which50-import-webhook');
  });

  it('names the field and the validation class when the payload is refused (400)', async () => {
    // Act
    const response = await subject.harness.request(
      '/imports/run',
      postJson({ contactListId: 'first', importJobId: 2 }),
    );

    // Assert
    expect(response.status).toBe(400);
    expect(outcomeOf(subject.output, response)).toMatchObject({
      level: 'WARN',
      message: 'runImport failed: Invalid payload',
      outcome: 'failed',
      status: 400,
      failureClass: 'validation',
      problem: { title: 'Invalid payload', detail: expect.stringContaining('contactListId') },
      attempts: 0,
    });
    expect(subject.output.metricSets()).toEqual([{ RunsRequested: 1, RunsFailed: 1, RunsFailedValidation: 1 }]);
  });

  it('names the upstream status and the upstream-5xx class when Which50 fails the run (502)', async () => {
    // Arrange
    subject.harness.sandbox.interceptOnce(respondWith(500, { Message: 'An error has occurred.' }), 'run');

    // Act
    const response = await subject.harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(response.status).toBe(502);
    expect(outcomeOf(subject.output, response)).toMatchObject({
      level: 'ERROR',
      message: 'runImport failed: Upstream failed',
      outcome: 'failed',
      contactListId: 1,
      importJobId: 2,
      status: 502,
      failureClass: 'upstream-5xx',
      problem: { title: 'Upstream failed', detail: 'Which50 answered 500; the import was not confirmed.' },
      upstreamStatus: 500,
      attempts: 1,
    });
    expect(subject.output.metricSets()).toEqual([
      {
        RunsRequested: 1,
        RunsFailed: 1,
        RunsFailedUpstream5xx: 1,
        UpstreamFailed: 1,
        UpstreamLatency: expect.any(Number),
      },
    ]);
  });

  it('classes an unknown import job as upstream-4xx and counts it as an upstream failure', async () => {
    // Act
    const response = await subject.harness.request('/imports/run', postJson({ contactListId: 1, importJobId: 999 }));

    // Assert
    expect(response.status).toBe(404);
    expect(outcomeOf(subject.output, response)).toMatchObject({
      failureClass: 'upstream-4xx',
      upstreamStatus: 404,
      importJobId: 999,
    });
    expect(subject.output.metricSets()[0]).toMatchObject({ RunsFailedUpstream4xx: 1, UpstreamFailed: 1 });
  });

  it('classes a run Which50 did not answer in time as a timeout, naming the attempt that timed out', async () => {
    // Arrange
    subject.harness.sandbox.interceptOnce(hangBeforeHeaders(), 'run');

    // Act
    const response = await subject.harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(response.status).toBe(504);
    expect(outcomeOf(subject.output, response)).toMatchObject({
      failureClass: 'timeout',
      upstreamFailure: 'timed-out',
      attempts: 1,
      jobStatus: expect.any(String),
    });
    expect(subject.output.metricSets()[0]).toMatchObject({ RunsFailedTimeout: 1, UpstreamFailed: 1 });
  });

  it('classes a missing credential as auth, before anything about the payload is known', async () => {
    // Act
    const response = await subject.harness.request('/imports/run', postJson(RUN, { 'x-api-key': 'not-the-key' }));

    // Assert
    expect(response.status).toBe(401);
    expect(outcomeOf(subject.output, response)).toMatchObject({ failureClass: 'auth', status: 401, attempts: 0 });
    expect(outcomeOf(subject.output, response)).not.toHaveProperty('importJobId');
    expect(subject.output.metricSets()).toEqual([{ RunsRequested: 1, RunsFailed: 1, RunsFailedAuth: 1 }]);
  });

  it('marks a duplicate delivery as replayed, with the delivery id both lines share', async () => {
    // Arrange
    const key = aNewIdempotencyKey();
    const first = await subject.harness.request('/imports/run', postJson(RUN, { 'Idempotency-Key': key }));

    // Act
    const replay = await subject.harness.request('/imports/run', postJson(RUN, { 'Idempotency-Key': key }));

    // Assert
    expect(outcomeOf(subject.output, first)).toMatchObject({
      outcome: 'succeeded',
      idempotency: 'ran',
      deliveryId: `key:${key}`,
    });
    expect(outcomeOf(subject.output, replay)).toMatchObject({
      level: 'INFO',
      message: 'runImport replayed',
      outcome: 'replayed',
      idempotency: 'replayed',
      deliveryId: `key:${key}`,
      attempts: 0,
      status: 200,
    });
    expect(subject.output.metricSets()[1]).toEqual({ RunsRequested: 1, RunsReplayed: 1 });
  });

  it('classes a key reused for another payload as an idempotency refusal', async () => {
    // Arrange
    const key = aNewIdempotencyKey();
    await subject.harness.request('/imports/run', postJson(RUN, { 'Idempotency-Key': key }));

    // Act
    const reused = await subject.harness.request(
      '/imports/run',
      postJson({ ...RUN, customEvents: [] }, { 'Idempotency-Key': key }),
    );

    // Assert
    expect(reused.status).toBe(422);
    expect(outcomeOf(subject.output, reused)).toMatchObject({
      failureClass: 'idempotency',
      idempotency: 'payload-mismatch',
      attempts: 0,
    });
    expect(subject.output.metricSets()[1]).toMatchObject({ RunsFailedIdempotency: 1 });
  });

  it('writes a line for a status read, with no events and no run metrics', async () => {
    // Act
    const response = await subject.harness.request('/contact-lists/1/imports/2', { headers: withApiKey() });

    // Assert
    const line = outcomeOf(subject.output, response);
    expect(line).toMatchObject({
      message: 'importStatus succeeded',
      route: 'importStatus',
      importJobId: 2,
      upstreamStatus: 200,
    });
    expect(line).not.toHaveProperty('customEvents');
    expect(subject.output.metricSets()).toEqual([{ UpstreamLatency: expect.any(Number) }]);
  });

  it('writes a line for a health check and publishes no metrics, not even an empty set', async () => {
    // Act
    const response = await subject.harness.request('/health');

    // Assert
    expect(outcomeOf(subject.output, response)).toMatchObject({
      message: 'health succeeded',
      route: 'health',
      status: 200,
    });
    expect(subject.output.metricSets()).toEqual([]);
    expect(subject.output.text()).not.toContain('No application metrics');
  });

  it('writes a line for an unknown route, as a validation failure outside any run', async () => {
    // Act
    const response = await subject.harness.request('/nowhere');

    // Assert
    expect(outcomeOf(subject.output, response)).toMatchObject({
      message: 'request failed: Not found',
      status: 404,
      failureClass: 'validation',
    });
    expect(subject.output.metricSets()).toEqual([]);
  });

  it('writes exactly one line per invocation', async () => {
    // Act
    const responses = await Promise.all([1, 2, 3].map(() => subject.harness.request('/imports/run', postJson(RUN))));

    // Assert
    const ids = subject.output.outcomes().map((line) => line.requestId);
    expect(ids.toSorted()).toEqual(responses.map((response) => response.headers.get('x-request-id')).toSorted());
  });
});

describe('the outcome line and metrics of a schedule run', () => {
  const subject = observedHarness({});

  it('names the schedule, its occurrence and the run', async () => {
    // Arrange
    const invocation = aScheduleInvocation();

    // Act
    await subject.harness.handler(invocation, aLambdaContext());

    // Assert
    expect(subject.output.outcomes()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'scheduledRun succeeded',
        route: 'scheduledRun',
        schedule: 'nightly-welcome',
        contactListId: 1,
        importJobId: 2,
        customEvents: ['SendWelcomeEmail'],
        status: 200,
        idempotency: 'ran',
        deliveryId: `schedule:nightly-welcome@${invocation.scheduledTime}`,
        requestId: 'aws-request-for-schedule',
      }),
    ]);
    expect(subject.output.metricSets()).toEqual([
      { RunsRequested: 1, RunsSucceeded: 1, UpstreamLatency: expect.any(Number) },
    ]);
  });

  it('writes the failure before the invocation fails, and throws it without a stack trace', async () => {
    // Arrange
    subject.harness.sandbox.interceptOnce(respondWith(500, { Message: 'An error has occurred.' }), 'run');

    // Act
    const failure: Error = (await subject.harness
      .handler(aScheduleInvocation(), aLambdaContext())
      .catch((error: unknown) => error as Error)) as Error;

    // Assert
    expect(failure).toMatchObject({ status: 502 });
    expect(failure.stack).not.toContain('\n');
    expect(subject.output.outcomes()).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        route: 'scheduledRun',
        failureClass: 'upstream-5xx',
        upstreamStatus: 500,
      }),
    ]);
    expect(subject.output.metricSets()[0]).toMatchObject({ RunsFailedUpstream5xx: 1, UpstreamFailed: 1 });
  });

  it('replays a retried occurrence, which its line says', async () => {
    // Arrange
    const invocation = aScheduleInvocation();
    await subject.harness.handler(invocation, aLambdaContext());

    // Act
    await subject.harness.handler({ ...invocation, attemptNumber: '2' }, aLambdaContext());

    // Assert
    expect(subject.output.outcomes().map((line) => line.idempotency)).toEqual(['ran', 'replayed']);
  });
});

describe('the secret cache metric', () => {
  const subject = observedHarness({}, { warm: false });

  it('counts a fetch from Secrets Manager as a cache miss, and a cached secret as none', async () => {
    // Act
    await subject.harness.request('/imports/run', postJson(RUN));
    await subject.harness.request('/imports/run', postJson(RUN));

    // Assert
    const [first, second] = subject.output.metricSets();
    expect(first).toMatchObject({ SecretCacheMiss: 1 });
    expect(second).not.toHaveProperty('SecretCacheMiss');
    expect(subject.harness.secrets.fetches).toBe(1);
  });
});

describe('the outcome line under a log level above info', () => {
  const subject = observedHarness({ env: { POWERTOOLS_LOG_LEVEL: 'WARN' } });

  it('leaves a success out of the log, but still publishes its metrics', async () => {
    // Act
    await subject.harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(subject.output.outcomes()).toEqual([]);
    expect(subject.output.metricSets()).toEqual([
      { RunsRequested: 1, RunsSucceeded: 1, UpstreamLatency: expect.any(Number) },
    ]);
  });

  it('still writes a failure, with its metrics', async () => {
    // Act
    const response = await subject.harness.request('/imports/run', postJson({ contactListId: 'abc', importJobId: 2 }));

    // Assert
    expect(outcomeOf(subject.output, response)).toMatchObject({
      level: 'WARN',
      status: 400,
      RunsRequested: 1,
      RunsFailed: 1,
    });
  });
});

describe('the outcome line of an invocation sampled for debug', () => {
  const subject = observedHarness({ env: { POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_LOGGER_SAMPLE_RATE: '1' } });

  it('writes a success the log level alone would leave out, naming the sampling rate', async () => {
    // Act
    const response = await subject.harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(outcomeOf(subject.output, response)).toMatchObject({
      level: 'INFO',
      outcome: 'succeeded',
      sampling_rate: 1,
      RunsRequested: 1,
    });
  });
});
