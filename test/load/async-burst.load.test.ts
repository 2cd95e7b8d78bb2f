import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../dev/demo-secret';
import { type LocalAsyncServer, startLocalAsyncServer } from '../support/local-async-server';

/** The burst issue 15 asks the async path to take without losing a run. */
const DELIVERIES = 10_000;
/** Senders at once: a crowd of webhook sources, all on loopback. */
const SENDERS = 64;
/** The durable function's default reserved concurrency, mirrored by the local runner. */
const CAP = 5;
const BOUND_MS = 120_000;

const percentile = (sorted: readonly number[], fraction: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;

describe('a burst of async deliveries against the local server', () => {
  let server: LocalAsyncServer;

  beforeAll(async () => {
    server = await startLocalAsyncServer({ concurrency: CAP, maxLoggedRequests: DELIVERIES * 2 });
  });
  afterAll(() => server.close());

  it(`accepts ${DELIVERIES} deliveries (202), runs each exactly once, never more than ${CAP} calls to Which50 at once`, {
    timeout: BOUND_MS + 30_000,
  }, async () => {
    // Arrange
    const statuses: number[] = [];
    const latenciesMs: number[] = [];
    let next = 0;
    const send = async () => {
      while (next < DELIVERIES) {
        const index = next++;
        const startedAt = performance.now();
        const response = await server.request('/imports/run', {
          method: 'POST',
          headers: { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json', prefer: 'respond-async' },
          body: JSON.stringify({ contactListId: 1, importJobId: 2, customEvents: [`Burst${index}`] }),
        });
        await response.arrayBuffer();
        latenciesMs.push(performance.now() - startedAt);
        statuses.push(response.status);
      }
    };
    const startedAt = Date.now();

    // Act
    await Promise.all(Array.from({ length: SENDERS }, send));
    const acceptedMs = Date.now() - startedAt;
    await server.idle();
    const elapsedMs = Date.now() - startedAt;

    // Assert
    const sorted = latenciesMs.toSorted((left, right) => left - right);
    console.log(
      `async burst: ${DELIVERIES} accepted in ${acceptedMs} ms, all run in ${elapsedMs} ms; accept latency p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms; most calls in flight to the sandbox ${server.sandbox.maxInFlight}`,
    );
    expect(statuses.filter((status) => status !== 202)).toEqual([]);
    const runs = server.sandbox.runRequests().map(({ customEvents }) => customEvents?.join(','));
    expect(runs).toHaveLength(DELIVERIES);
    expect(new Set(runs).size).toBe(DELIVERIES);
    expect(server.sandbox.maxInFlight).toBeLessThanOrEqual(CAP);
    expect(elapsedMs).toBeLessThan(BOUND_MS);
  });
});
