import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delayThenServe, respondWith } from '../../dev/which50-sandbox-faults';
import { type AdapterHarness, postJson, startAdapterHarness, withApiKey } from '../support/adapter-harness';

/** A bounded burst: a fixed number of requests over a fixed number of connections, not a duration. */
const REQUESTS = 2_000;
const CONNECTIONS = 200;
/** How long Which50 takes over each run: slow enough that the burst piles up in flight. */
const UPSTREAM_DELAY_MS = 50;
const TEST_TIMEOUT_MS = 90_000;
/** The most requests one delivery sends to Which50, and the breaker's default threshold. */
const ATTEMPT_BUDGET = 3;
const BREAKER_THRESHOLD = 5;

interface BurstOptions {
  url: string;
  connections: number;
  amount: number;
  timeout: number;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** What autocannon reports, as far as this test reads it. */
interface BurstResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number };
  requests: { total: number };
}

/** autocannon ships no types; it is typed here by what this test uses. */
const autocannon = createRequire(import.meta.url)('autocannon') as (options: BurstOptions) => Promise<BurstResult>;

/** The answers' statuses and their counts, for the log. */
const statusesOf = (result: BurstResult): string =>
  JSON.stringify(Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])));

describe(`a burst of ${REQUESTS} runs over ${CONNECTIONS} connections against a slow Which50 (${UPSTREAM_DELAY_MS} ms a run)`, () => {
  let harness: AdapterHarness;

  /** Waits until the sandbox has seen no new request for a while and has none in flight. */
  const quiet = async (): Promise<void> => {
    let seen = -1;
    while (seen !== harness.sandbox.requestCount || harness.sandbox.inFlight > 0) {
      seen = harness.sandbox.requestCount;
      await sleep(100);
    }
  };

  /** Sends the burst of runs of `payload`, then waits until every upstream request has ended. */
  const burst = async (payload: unknown): Promise<BurstResult> => {
    const result = await autocannon({
      url: `${harness.url}/imports/run`,
      connections: CONNECTIONS,
      amount: REQUESTS,
      timeout: 20,
      method: 'POST',
      headers: withApiKey({ 'content-type': 'application/json' }),
      body: JSON.stringify(payload),
    });
    await quiet();
    return result;
  };

  beforeAll(async () => {
    harness = await startAdapterHarness();
    expect((await harness.request('/imports/run', postJson({ contactListId: 1, importJobId: 2 }))).status).toBe(200);
  });
  afterAll(() => harness.close());

  it(
    'answers every run without an adapter error, and sends exactly one POST per accepted run',
    async () => {
      // Arrange
      harness.sandbox.reset();
      const { importJobId } = harness.sandbox.addImportJob(1);
      harness.sandbox.intercept(delayThenServe(UPSTREAM_DELAY_MS));

      // Act
      const result = await burst({ contactListId: 1, importJobId, customEvents: ['SendWelcomeEmail'] });
      const posts = harness.sandbox.runRequests(1, importJobId).length;
      console.info(
        `burst: ${result.requests.total} requests in ${result.duration} s over ${CONNECTIONS} connections, ` +
          `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors}, timeouts ${result.timeouts}, ` +
          `statuses ${statusesOf(result)}, upstream POSTs ${posts}, most upstream requests in flight at once ` +
          `${harness.sandbox.maxInFlight}`,
      );

      // Assert
      expect(result.requests.total).toBe(REQUESTS);
      expect(result.errors).toBe(0);
      expect(result.timeouts).toBe(0);
      expect(result.non2xx).toBe(0);
      expect(posts).toBe(result['2xx']);
      expect(harness.sandbox.maxInFlight).toBeGreaterThan(1);
      expect(harness.sandbox.maxInFlight).toBeLessThanOrEqual(CONNECTIONS);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'against a Which50 that answers 429 to every run: at most three POSTs per delivery, and the open breaker sends no more',
    async () => {
      // Arrange
      harness.sandbox.reset();
      const { importJobId } = harness.sandbox.addImportJob(1);
      harness.sandbox.intercept(respondWith(429, { Message: 'Slow down' }));

      // Act
      const result = await burst({ contactListId: 1, importJobId });
      const posts = harness.sandbox.runRequests(1, importJobId).length;
      console.info(
        `burst under persistent 429: ${result.requests.total} deliveries in ${result.duration} s, ` +
          `statuses ${statusesOf(result)}, upstream POSTs ${posts}`,
      );

      // Assert: only the deliveries admitted before the breaker opened (one per connection, plus
      // those that followed the first failures) reach Which50, each with three POSTs at most.
      expect(result.errors).toBe(0);
      expect(result.timeouts).toBe(0);
      expect(Object.keys(result.statusCodeStats)).toEqual(['503']);
      expect(posts).toBeLessThanOrEqual(ATTEMPT_BUDGET * (CONNECTIONS + BREAKER_THRESHOLD));
      expect(posts).toBeGreaterThanOrEqual(ATTEMPT_BUDGET * BREAKER_THRESHOLD);
    },
    TEST_TIMEOUT_MS,
  );
});
