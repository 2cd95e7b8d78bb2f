import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdapterHarness, jsonOf, postJson, startAdapterHarness, withApiKey } from '../support/adapter-harness';

/** 200 callers at once, as the contract asks; the run's length fits CI (LOAD_SECONDS, at most 60, to run longer). */
const CONNECTIONS = 200;
const SECONDS = Math.min(60, Math.max(1, Number(process.env.LOAD_SECONDS ?? 5)));
const TEST_TIMEOUT_MS = (SECONDS + 30) * 1_000;

interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** What autocannon reports, as far as this test reads it. */
interface LoadResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number };
  requests: { average: number; total: number };
}

/** autocannon ships no types; it is typed here by what this test uses. */
const autocannon = createRequire(import.meta.url)('autocannon') as (options: LoadOptions) => Promise<LoadResult>;

const runOf = (importJobId: number) => ({ contactListId: 1, importJobId, customEvents: ['SendWelcomeEmail'] });

/** Posts `payload` from 200 connections for the run's length. */
const load = (url: string, payload: unknown, headers: Record<string, string> = {}): Promise<LoadResult> =>
  autocannon({
    url: `${url}/imports/run`,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 10,
    method: 'POST',
    headers: withApiKey({ 'content-type': 'application/json', ...headers }),
    body: JSON.stringify(payload),
  });

/** The figures worth reading in a CI log. */
const summary = (name: string, result: LoadResult): string => {
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  return (
    `${name}: ${result.requests.total} requests in ${result.duration} s, ${Math.round(result.requests.average)} rps, ` +
    `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors}, timeouts ${result.timeouts}, ` +
    `statuses ${JSON.stringify(statuses)}`
  );
};

describe(`the local server under load (${CONNECTIONS} connections, ${SECONDS} s)`, () => {
  let harness: AdapterHarness;

  /** Waits until the sandbox has seen no new request for a while: runs still in flight when the load stopped have ended. */
  const quiet = async (): Promise<void> => {
    let seen = -1;
    while (seen !== harness.sandbox.requestCount) {
      seen = harness.sandbox.requestCount;
      await sleep(100);
    }
  };

  beforeAll(async () => {
    harness = await startAdapterHarness();
    const warmUp = await harness.request('/imports/run', postJson(runOf(2)));
    expect(warmUp.status).toBe(200);
  });
  afterAll(() => harness.close());

  it(
    'answers every run 200, with no errors or timeouts, and runs each one upstream',
    async () => {
      // Arrange
      const { importJobId } = harness.sandbox.addImportJob(1);

      // Act
      const result = await load(harness.url, runOf(importJobId));
      await quiet();
      console.info(summary('without a key', result));

      // Assert
      expect(result.requests.total).toBeGreaterThan(CONNECTIONS);
      expect(result.errors).toBe(0);
      expect(result.timeouts).toBe(0);
      expect(result.non2xx).toBe(0);
      expect(harness.sandbox.getImportJob(1, importJobId)?.customEventRuns.length).toBeGreaterThanOrEqual(
        result['2xx'],
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'runs the import exactly once when every request carries the same Idempotency-Key',
    async () => {
      // Arrange
      const { importJobId } = harness.sandbox.addImportJob(1);
      const key = { 'idempotency-key': `load-test-${importJobId}` };

      // Act
      const result = await load(harness.url, runOf(importJobId), key);
      await quiet();
      const replay = await harness.request('/imports/run', postJson(runOf(importJobId), key));
      console.info(summary('one Idempotency-Key', result));

      // Assert
      expect(result.errors).toBe(0);
      expect(result.timeouts).toBe(0);
      expect(Object.keys(result.statusCodeStats).every((status) => status === '200' || status === '409')).toBe(true);
      expect(result.statusCodeStats['200']?.count ?? 0).toBeGreaterThan(0);
      expect(harness.sandbox.runRequests(1, importJobId)).toHaveLength(1);
      expect(replay.status).toBe(200);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await jsonOf(replay)).toMatchObject({ id: importJobId, contactListId: 1, currentStatus: 'Finished' });
    },
    TEST_TIMEOUT_MS,
  );
});
