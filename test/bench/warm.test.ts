import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksOf, measureWarm } from '../../bench/warm';

/** A stand-in bundle: a handler module that answers 200, or fails, without any network. */
const aHandlerModule = (body: string): string => `export const handler = async () => { ${body} };`;

describe('blocksOf', () => {
  it('cuts the timed invocations into full blocks and what is left', () => {
    // Act
    const blocks = blocksOf(1_100, 250);

    // Assert
    expect(blocks).toEqual([250, 250, 250, 250, 100]);
  });

  it('is one block when the block is larger than the run', () => {
    // Act
    const blocks = blocksOf(40, 250);

    // Assert
    expect(blocks).toEqual([40]);
  });
});

describe('measureWarm', () => {
  let dir: string;
  let answering: string;
  let failing: string;
  let markerOnly: string;
  const noneServed = () => ({ secretFetches: 0, upstreamConnections: 0 });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'which50-warm-test-'));
    answering = path.join(dir, 'answering.mjs');
    failing = path.join(dir, 'failing.mjs');
    await writeFile(answering, aHandlerModule("return { statusCode: 200, body: '' };"));
    await writeFile(failing, aHandlerModule("return { statusCode: 500, body: 'broken' };"));
    markerOnly = path.join(dir, 'marker-only.mjs');
    await writeFile(
      markerOnly,
      `export const handler = async (event) => ({ statusCode: event.marker === 'own' ? 200 : 500, body: 'no marker' });`,
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('times every invocation of every process, contenders taking turns block by block', async () => {
    // Arrange
    const contenders = { a: { entry: answering, env: {} }, b: { entry: answering, env: {} } };

    // Act
    const figures = await measureWarm({
      contenders,
      event: {} as never,
      processes: 2,
      warmUp: 5,
      timed: 30,
      block: 8,
      served: noneServed,
    });

    // Assert
    for (const name of ['a', 'b'] as const) {
      expect(figures[name].p50Us).toBeGreaterThan(0);
      expect(figures[name].p99Us).toBeGreaterThanOrEqual(figures[name].p50Us);
      expect(figures[name].secretFetchesPer1000).toBe(0);
      expect(figures[name].rssMiB).toBeGreaterThan(0);
    }
  });

  it("times a contender on its own event when it brings one, not the plan's", async () => {
    // Arrange
    const contenders = { own: { entry: markerOnly, env: {}, event: { marker: 'own' } as never } };

    // Act
    const figures = await measureWarm({
      contenders,
      event: { marker: 'plan' } as never,
      processes: 1,
      warmUp: 1,
      timed: 4,
      block: 2,
      served: noneServed,
    });

    // Assert
    expect(figures.own.p50Us).toBeGreaterThan(0);
  });

  it('fails naming the bundle when its handler does not answer 200', async () => {
    // Act
    const measuring = measureWarm({
      contenders: { broken: { entry: failing, env: {} } },
      event: {} as never,
      processes: 1,
      warmUp: 1,
      timed: 4,
      block: 2,
      served: noneServed,
    });

    // Assert
    await expect(measuring).rejects.toThrow(/failing\.mjs: Error: The handler answered 500: broken/);
  });
});
