import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type LastGoodSecret,
  STALE_RECHECK_MS,
  staleSecretOrProblem,
} from '../../../lambda/secrets/secret-fetch-failure';
import {
  type AdapterHarness,
  jsonOf,
  type ProblemJson,
  postJson,
  startAdapterHarness,
  withApiKey,
} from '../../support/adapter-harness';
import { anAdapterSecret, problemRejectedBy } from '../../support/factories';
import { closedPort, startHangingEndpoint } from '../../support/hanging-endpoint';
import { capturePrintedOutput, type PrintedOutput } from '../../support/log-lines';

const RUN = { contactListId: 1, importJobId: 2 };
const NOW = Date.parse('2025-01-15T12:00:00.000Z');

/** An error as the SDK throws it for a Secrets Manager fault: the AWS error type is its name. */
const awsError = (name: string): Error => Object.assign(new Error(`${name} from the service`), { name });

const lastGoodUntil = (staleUntil: number): LastGoodSecret => ({ secret: anAdapterSecret(), staleUntil });

describe('staleSecretOrProblem', () => {
  it('serves the last good secret while it is within its stale period, and tells onStale', async () => {
    // Arrange
    const onStale = vi.fn();
    const lastGood = lastGoodUntil(NOW + 60_000);

    // Act
    const stale = await staleSecretOrProblem(awsError('InternalServiceError'), lastGood, onStale, NOW);

    // Assert
    expect(stale.secret).toBe(lastGood.secret);
    expect(onStale).toHaveBeenCalledTimes(1);
  });

  it('serves it without asking again for the recheck period', async () => {
    // Act
    const stale = await staleSecretOrProblem(
      awsError('ThrottlingException'),
      lastGoodUntil(NOW + 60_000),
      () => {},
      NOW,
    );

    // Assert
    expect(stale.servedUntil).toBe(NOW + STALE_RECHECK_MS);
  });

  it('never serves it past the end of its stale period', async () => {
    // Act
    const stale = await staleSecretOrProblem(
      awsError('ThrottlingException'),
      lastGoodUntil(NOW + 2_000),
      () => {},
      NOW,
    );

    // Assert
    expect(stale.servedUntil).toBe(NOW + 2_000);
  });

  it('answers 503 with Retry-After once the stale period is over', async () => {
    // Arrange
    const onStale = vi.fn();

    // Act
    const problem = await problemRejectedBy(() =>
      staleSecretOrProblem(awsError('InternalServiceError'), lastGoodUntil(NOW), onStale, NOW),
    );

    // Assert
    expect(problem.status).toBe(503);
    expect(problem.headers).toEqual({ 'Retry-After': '1' });
    expect(onStale).not.toHaveBeenCalled();
  });

  it('answers 503 with Retry-After when there is no good secret to fall back on', async () => {
    // Act
    const problem = await problemRejectedBy(() =>
      staleSecretOrProblem(awsError('InternalServiceError'), undefined, () => {}, NOW),
    );

    // Assert
    expect(problem.status).toBe(503);
    expect(problem.title).toBe('Secret unavailable');
    expect(problem.detail).toContain('InternalServiceError');
  });

  it.each(['ResourceNotFoundException', 'AccessDeniedException', 'DecryptionFailure'])(
    'answers %s, which a retry will not mend, with a 500 even though a stale secret is at hand',
    async (name) => {
      // Act
      const problem = await problemRejectedBy(() =>
        staleSecretOrProblem(awsError(name), lastGoodUntil(NOW + 60_000), () => {}, NOW),
      );

      // Assert
      expect(problem.status).toBe(500);
      expect(problem.detail).toContain('SECRET_ID');
    },
  );

  it('reads the AWS error type from the cause Powertools wraps it in', async () => {
    // Arrange
    const wrapped = new Error('Failed to get secret', { cause: awsError('AccessDeniedException') });

    // Act
    const problem = await problemRejectedBy(() =>
      staleSecretOrProblem(wrapped, lastGoodUntil(NOW + 60_000), () => {}, NOW),
    );

    // Assert
    expect(problem.detail).toContain('may not read');
  });
});

describe('Secrets Manager down after the cache period (the real SDK against the local endpoint)', () => {
  let harness: AdapterHarness;
  let printed: PrintedOutput;

  const run = () => harness.request('/imports/run', postJson(RUN));
  /** The warning lines that say a stale secret was served. */
  const staleWarnings = () =>
    printed.lines().filter((line) => line.level === 'WARN' && /last good secret/.test(line.message));

  /** A harness whose cache period is one second, its secret fetched once, then the period let run out. */
  const afterTheCachePeriod = async (env: Record<string, string> = {}): Promise<void> => {
    harness = await startAdapterHarness({ env: { SECRET_CACHE_SECONDS: '1', ...env } });
    printed = capturePrintedOutput();
    expect((await run()).status).toBe(200);
    await sleep(1_100);
  };

  afterEach(async () => {
    printed.restore();
    await harness.close();
  });

  it('serves the last good secret, with a warning line and the SecretStale metric', async () => {
    // Arrange
    await afterTheCachePeriod();
    harness.secrets.failNext('InternalServiceError', 500, 10);
    const fetchesBefore = harness.secrets.fetches;

    // Act
    const response = await run();

    // Assert
    expect(response.status).toBe(200);
    expect(harness.secrets.fetches).toBeGreaterThan(fetchesBefore);
    expect(staleWarnings()).toHaveLength(1);
    expect(staleWarnings()[0]).toMatchObject({ errorName: 'InternalServiceError' });
    expect(printed.metricSets().at(-1)).toMatchObject({ SecretStale: 1 });
    expect(harness.sandbox.runRequests()).toHaveLength(2);
  });

  it('does not ask Secrets Manager again on every request while it serves the stale secret', async () => {
    // Arrange
    await afterTheCachePeriod();
    harness.secrets.failNext('ThrottlingException', 400, 10);
    expect((await run()).status).toBe(200);
    const fetchesAfterFailure = harness.secrets.fetches;

    // Act
    const answers = await Promise.all([run(), run(), run()]);

    // Assert
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(harness.secrets.fetches).toBe(fetchesAfterFailure);
    expect(staleWarnings()).toHaveLength(1);
  });

  it('answers 503 with Retry-After once SECRET_STALE_SECONDS have passed too', async () => {
    // Arrange
    await afterTheCachePeriod({ SECRET_STALE_SECONDS: '1' });
    await sleep(1_000);
    harness.secrets.failNext('InternalServiceError', 500, 10);

    // Act
    const response = await run();

    // Assert
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect((await jsonOf<ProblemJson>(response)).title).toBe('Secret unavailable');
    expect(harness.sandbox.runRequests()).toHaveLength(1);
  });

  it('never serves it stale with SECRET_STALE_SECONDS=0', async () => {
    // Arrange
    await afterTheCachePeriod({ SECRET_STALE_SECONDS: '0' });
    harness.secrets.failNext('InternalServiceError', 500, 10);

    // Act
    const response = await run();

    // Assert
    expect(response.status).toBe(503);
    expect(staleWarnings()).toHaveLength(0);
  });

  it('answers 503, not the refused credential, when an upstream 401 forces a fresh fetch that fails', async () => {
    // Arrange
    harness = await startAdapterHarness();
    printed = capturePrintedOutput();
    expect((await run()).status).toBe(200);
    harness.sandbox.setAuth({ scheme: 'bearer', token: 'a-rotated-upstream-token-9d1' });
    harness.secrets.failNext('InternalServiceError', 500, 10);
    const runsBefore = harness.sandbox.runRequests().length;

    // Act
    const response = await run();

    // Assert
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect((await jsonOf<ProblemJson>(response)).title).toBe('Secret unavailable');
    expect(harness.sandbox.runRequests().length - runsBefore).toBe(1);
    expect(staleWarnings()).toHaveLength(0);
  });
});

describe('Secrets Manager down at a cold start (no secret in memory)', () => {
  let harness: AdapterHarness;

  afterEach(() => harness.close());

  it('answers 503 with Retry-After, and calls nothing upstream', async () => {
    // Arrange
    harness = await startAdapterHarness();
    harness.secrets.failNext('InternalServiceError', 500, 10);

    // Act
    const response = await harness.request('/contact-lists/1/imports/2', { headers: withApiKey() });

    // Assert
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await jsonOf<ProblemJson>(response)).toMatchObject({
      type: 'urn:which50-import-webhook:problem:secret-unavailable',
      title: 'Secret unavailable',
    });
    expect(harness.sandbox.requestCount).toBe(0);
  });

  it('answers 503 with Retry-After when Secrets Manager cannot even be reached', async () => {
    // Arrange
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    harness = await startAdapterHarness({ env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint } });

    // Act
    const response = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(harness.sandbox.runRequests()).toHaveLength(0);
  });

  it('answers 503 with Retry-After within the SDK client’s bounds when Secrets Manager hangs', async () => {
    // Arrange
    const hanging = await startHangingEndpoint();
    harness = await startAdapterHarness({ env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: hanging.url } });

    // Act
    const started = performance.now();
    const response = await harness.request('/imports/run', postJson(RUN));
    const elapsedMs = performance.now() - started;
    await hanging.close();

    // Assert
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(elapsedMs).toBeLessThan(2 * 3_000 + 1_000);
    expect(hanging.requests).toBeLessThanOrEqual(2);
    expect(harness.sandbox.runRequests()).toHaveLength(0);
  }, 15_000);
});
