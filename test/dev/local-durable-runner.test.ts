import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalDurableRunner, startLocalDurableRunner } from '../../dev/local-durable-runner';
import type { AsyncRunInput } from '../../lambda/runs/async-run-input';
import { aRunCommand } from '../support/factories';

const CAP = 2;

/** What the workflow under the runner did: each run's step, and the most steps at once. */
const seen = { steps: [] as string[], inFlight: 0, mostInFlight: 0, stepMs: 30, waitSeconds: 0 };

const workflow = withDurableExecution(async (input: AsyncRunInput, context) => {
  await context.step('run', async () => {
    seen.inFlight += 1;
    seen.mostInFlight = Math.max(seen.mostInFlight, seen.inFlight);
    await new Promise((resolve) => setTimeout(resolve, seen.stepMs));
    seen.inFlight -= 1;
    seen.steps.push(input.runId);
  });
  if (seen.waitSeconds > 0) await context.wait({ seconds: seen.waitSeconds });
  return input.runId;
});

const anInput = (runId: string): AsyncRunInput => ({
  runId,
  principal: 'api-key',
  command: aRunCommand(),
  follow: false,
  callbackUrl: null,
  acceptedAt: new Date().toISOString(),
});

describe('the local durable runner', () => {
  let runner: LocalDurableRunner;

  beforeAll(async () => {
    runner = await startLocalDurableRunner({ handler: workflow, concurrency: CAP });
  });

  afterAll(async () => {
    await runner.close();
  });

  beforeEach(() => {
    Object.assign(seen, { steps: [], inFlight: 0, mostInFlight: 0, stepMs: 30, waitSeconds: 0 });
  });

  it('runs a started execution to its end', async () => {
    // Act
    await runner.startRun(anInput('run-ends'));
    await runner.idle();

    // Assert
    expect(seen.steps).toEqual(['run-ends']);
  });

  it('starts a run id once, however often it is started', async () => {
    // Act
    await runner.startRun(anInput('run-once'));
    await runner.startRun(anInput('run-once'));
    await runner.idle();
    await runner.startRun(anInput('run-once'));
    await runner.idle();

    // Assert
    expect(seen.steps).toEqual(['run-once']);
  });

  it('runs at most its cap of executions at once and queues the rest in order', async () => {
    // Arrange
    const ids = Array.from({ length: 10 }, (_, index) => `run-queued-${index}`);

    // Act
    for (const id of ids) await runner.startRun(anInput(id));
    await runner.idle();

    // Assert
    expect(seen.mostInFlight).toBe(CAP);
    expect(seen.steps.toSorted()).toEqual(ids.toSorted());
    expect(runner.counts().mostAtOnce).toBe(CAP);
  });

  it('waits in real time', async () => {
    // Arrange
    seen.waitSeconds = 1;
    const startedAt = Date.now();

    // Act
    await runner.startRun(anInput('run-waits'));
    await runner.idle();

    // Assert
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_000);
    expect(seen.steps).toEqual(['run-waits']);
  });
});
