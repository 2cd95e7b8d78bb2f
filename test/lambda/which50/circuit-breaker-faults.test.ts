import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSecret } from '../../../dev/demo-secret';
import { delayThenServe, hangBeforeHeaders, respondWith } from '../../../dev/which50-sandbox-faults';
import {
  type AdapterHarness,
  jsonOf,
  type ProblemJson,
  postJson,
  startAdapterHarness,
  withApiKey,
} from '../../support/adapter-harness';
import { closedPort } from '../../support/hanging-endpoint';
import { capturePrintedOutput, type PrintedOutput } from '../../support/log-lines';

/** A small threshold and a short open period, so that each row runs in about a second. */
const THRESHOLD = 3;
const OPEN_SECONDS = 1;
const ATTEMPT_BUDGET = 3;
const LIMITS = {
  UPSTREAM_TIMEOUT_MS: '300',
  UPSTREAM_DEADLINE_MS: '1500',
  CIRCUIT_BREAKER_THRESHOLD: String(THRESHOLD),
  CIRCUIT_BREAKER_OPEN_SECONDS: String(OPEN_SECONDS),
};

const RUN = { contactListId: 1, importJobId: 2 };

describe('the circuit breaker in front of Which50 (one execution environment)', () => {
  let harness: AdapterHarness;
  let printed: PrintedOutput;

  const run = (headers: Record<string, string> = {}) => harness.request('/imports/run', postJson(RUN, headers));
  const statusRead = () => harness.request('/contact-lists/1/imports/2', { headers: withApiKey() });
  const runRequests = () => harness.sandbox.runRequests().length;
  const lastOutcome = () => printed.outcomes().at(-1);

  /** Makes every run request meet a persistent 503, and sends `count` runs that each fail. */
  const failRuns = async (count: number): Promise<void> => {
    for (let index = 0; index < count; index++) expect((await run()).status).toBe(503);
  };

  /** Opens the circuit: THRESHOLD runs that Which50 answers 503 throughout. */
  const openTheCircuit = async (): Promise<void> => {
    const stop = harness.sandbox.intercept(respondWith(503, { Message: 'Service Unavailable' }));
    await failRuns(THRESHOLD);
    stop();
  };

  beforeEach(async () => {
    harness = await startAdapterHarness({ env: LIMITS });
    printed = capturePrintedOutput();
  });
  afterEach(async () => {
    printed.restore();
    await harness.close();
  });

  it('stays closed one unavailable call short of the threshold: every call still reaches Which50', async () => {
    // Arrange
    harness.sandbox.intercept(respondWith(503, { Message: 'Service Unavailable' }));
    await failRuns(THRESHOLD - 1);

    // Act
    const response = await run();

    // Assert
    expect(response.status).toBe(503);
    expect(runRequests()).toBe(THRESHOLD * ATTEMPT_BUDGET);
    expect(lastOutcome()).toMatchObject({ circuit: 'closed', attempts: ATTEMPT_BUDGET });
  });

  it('opens after the threshold: the next run answers 503 with Retry-After at once, without a request', async () => {
    // Arrange
    await openTheCircuit();
    const before = runRequests();

    // Act
    const started = performance.now();
    const response = await run();
    const elapsedMs = performance.now() - started;

    // Assert
    expect(before).toBe(THRESHOLD * ATTEMPT_BUDGET);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe(String(OPEN_SECONDS));
    const problem = await jsonOf<ProblemJson>(response);
    expect(problem).toMatchObject({
      type: 'urn:which50-import-webhook:problem:upstream-unavailable',
      title: 'Upstream unavailable',
      requestId: response.headers.get('x-request-id'),
    });
    expect(problem.detail).toContain('nothing was run');
    expect(runRequests()).toBe(before);
    expect(elapsedMs).toBeLessThan(200);
  });

  it('writes circuit "open" on the refused call’s outcome line, with the CircuitBreakerOpen metric', async () => {
    // Arrange
    await openTheCircuit();

    // Act
    await run();

    // Assert
    expect(lastOutcome()).toMatchObject({ circuit: 'open', attempts: 0, status: 503 });
    expect(printed.metricSets().at(-1)).toMatchObject({ CircuitBreakerOpen: 1 });
    expect(
      printed
        .metricSets()
        .slice(0, -1)
        .some((set) => 'CircuitBreakerOpen' in set),
    ).toBe(false);
  });

  it('refuses status reads too while open, without a request', async () => {
    // Arrange
    await openTheCircuit();
    const before = harness.sandbox.requestCount;

    // Act
    const response = await statusRead();

    // Assert
    expect(response.status).toBe(503);
    expect((await jsonOf<ProblemJson>(response)).title).toBe('Upstream unavailable');
    expect(harness.sandbox.requestCount).toBe(before);
  });

  it('closes after a successful trial: the trial and the calls after it reach Which50', async () => {
    // Arrange
    await openTheCircuit();
    await sleep(OPEN_SECONDS * 1_000);
    const before = runRequests();

    // Act
    const trial = await run();
    const trialOutcome = lastOutcome();
    const after = await run();

    // Assert
    expect(trial.status).toBe(200);
    expect(trialOutcome).toMatchObject({ circuit: 'half-open', attempts: 1 });
    expect(after.status).toBe(200);
    expect(lastOutcome()).toMatchObject({ circuit: 'closed' });
    expect(runRequests()).toBe(before + 2);
  });

  it('opens again after a failed trial: the trial gets its three requests, the next call none', async () => {
    // Arrange
    await openTheCircuit();
    await sleep(OPEN_SECONDS * 1_000);
    harness.sandbox.intercept(respondWith(503, { Message: 'Service Unavailable' }));
    const before = runRequests();

    // Act
    const trial = await run();
    const next = await run();

    // Assert
    expect(trial.status).toBe(503);
    expect(runRequests()).toBe(before + ATTEMPT_BUDGET);
    expect(next.status).toBe(503);
    expect(next.headers.get('retry-after')).toBe(String(OPEN_SECONDS));
    expect(lastOutcome()).toMatchObject({ circuit: 'open', attempts: 0 });
  });

  it('refuses the calls that arrive while the trial runs, as open', async () => {
    // Arrange
    await openTheCircuit();
    await sleep(OPEN_SECONDS * 1_000);
    harness.sandbox.interceptOnce(delayThenServe(150), 'run');
    const before = runRequests();

    // Act
    const trial = run();
    await sleep(50);
    const meanwhile = await Promise.all([run(), run(), statusRead()]);

    // Assert
    expect((await trial).status).toBe(200);
    expect(meanwhile.map((response) => response.status)).toEqual([503, 503, 503]);
    expect(meanwhile.map((response) => response.headers.get('retry-after'))).toEqual(['1', '1', '1']);
    expect(runRequests()).toBe(before + 1);
  });

  it('counts runs that timed out as unavailable: each sent once, then the circuit opens', async () => {
    // Arrange
    harness.sandbox.intercept(hangBeforeHeaders());
    for (let index = 0; index < THRESHOLD; index++) expect((await run()).status).toBe(504);
    const before = runRequests();

    // Act
    const response = await run();

    // Assert
    expect(before).toBe(THRESHOLD);
    expect(response.status).toBe(503);
    expect(runRequests()).toBe(before);
  });

  it('does not count answers that show Which50 is up (404s, 502s), however many', async () => {
    // Arrange
    harness.sandbox.intercept(respondWith(500, { Message: 'An error has occurred.' }));
    for (let index = 0; index < THRESHOLD + 1; index++) expect((await run()).status).toBe(502);

    // Act
    const response = await run();

    // Assert
    expect(response.status).toBe(502);
    expect(runRequests()).toBe(THRESHOLD + 2);
  });

  it('lets a call that learnt nothing of Which50 (its secret could not be refreshed) neither count nor reset the run', async () => {
    // Arrange
    harness.sandbox.intercept(respondWith(503, { Message: 'Service Unavailable' }));
    await failRuns(THRESHOLD - 1);
    harness.sandbox.interceptOnce(respondWith(401, { Message: 'Authorization has been denied' }), 'run');
    harness.secrets.failNext('InternalServiceError', 500, 5);
    const secretless = await run();
    const beforeLastFailure = runRequests();
    await failRuns(1);
    const before = runRequests();

    // Act
    const response = await run();

    // Assert
    expect(secretless.status).toBe(503);
    expect((await jsonOf<ProblemJson>(secretless)).title).toBe('Secret unavailable');
    expect(before - beforeLastFailure).toBe(ATTEMPT_BUDGET);
    expect(response.status).toBe(503);
    expect(lastOutcome()).toMatchObject({ circuit: 'open', attempts: 0 });
    expect(runRequests()).toBe(before);
  });

  it('lets a keyed run refused by the open circuit run normally once the circuit has closed', async () => {
    // Arrange
    const key = { 'idempotency-key': 'refused-while-open-1' };
    await openTheCircuit();
    const refused = await run(key);
    await sleep(OPEN_SECONDS * 1_000);
    const before = runRequests();

    // Act
    const retried = await run(key);

    // Assert
    expect(refused.status).toBe(503);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(runRequests()).toBe(before + 1);
  });
});

describe('the circuit breaker when Which50 refuses connections', () => {
  it('opens after the threshold of refused calls, and then answers without trying', async () => {
    // Arrange
    const refusingBaseUrl = `http://127.0.0.1:${await closedPort()}/Which50API`;
    const harness = await startAdapterHarness({ env: LIMITS, secret: () => demoSecret(refusingBaseUrl) });
    const printed = capturePrintedOutput();
    for (let index = 0; index < THRESHOLD; index++) {
      expect((await harness.request('/imports/run', postJson(RUN))).status).toBe(503);
    }

    // Act
    const response = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(response.status).toBe(503);
    expect(printed.outcomes().map(({ attempts }) => attempts)).toEqual([...Array(THRESHOLD).fill(ATTEMPT_BUDGET), 0]);
    expect(printed.outcomes().at(-1)).toMatchObject({ circuit: 'open' });
    printed.restore();
    await harness.close();
  });
});
