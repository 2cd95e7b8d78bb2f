import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHandlerBundle } from '../../bench/bundles';
import { measureCallsUnderThrottle } from '../../bench/calls-under-throttle';

describe('measureCallsUnderThrottle (the production bundle against a Which50 that answers 429 to every run)', () => {
  let workDir: string;
  let entry: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'which50-throttle-'));
    ({ entry } = await buildHandlerBundle('adapter', workDir));
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('counts three calls for every delivery while the circuit breaker stays closed', async () => {
    // Act
    const figures = await measureCallsUnderThrottle({
      entry,
      deliveries: 4,
      env: { CIRCUIT_BREAKER_THRESHOLD: '1000' },
    });

    // Assert
    expect(figures).toEqual({
      deliveries: 4,
      upstreamCalls: 12,
      maxCallsPerDelivery: 3,
      callsPerDelivery: 3,
      statuses: { 503: 4 },
    });
  });

  it('counts no call for the deliveries after the breaker opened, with the deployed settings', async () => {
    // Act
    const figures = await measureCallsUnderThrottle({ entry, deliveries: 8 });

    // Assert
    expect(figures).toMatchObject({ upstreamCalls: 5 * 3, maxCallsPerDelivery: 3, callsPerDelivery: 1.88 });
    expect(figures.statuses).toEqual({ 503: 8 });
  });

  it('counts fewer calls when Which50 asks for a wait the deadline cannot hold', async () => {
    // Act
    const figures = await measureCallsUnderThrottle({ entry, deliveries: 2, retryAfter: '120' });

    // Assert
    expect(figures).toMatchObject({ upstreamCalls: 2, maxCallsPerDelivery: 1 });
  });
});
