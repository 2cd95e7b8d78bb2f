import type { DurableLambdaHandler } from '@aws/durable-execution-sdk-js';
import { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';
import type { AsyncRunInput } from '../lambda/runs/async-run-input';
import type { StartRun } from '../lambda/runs/run-starter';

/** The deployed durable function's reserved concurrency, which the local runner mirrors by default. */
const DEFAULT_CONCURRENCY = 5;

interface LocalDurableRunner {
  /** Queues a run's execution; a run id already started is not started again (as Lambda's execution names). */
  readonly startRun: StartRun;
  /** Resolves once every execution started so far has ended. */
  idle(): Promise<void>;
  /** Executions started, and the most that ever ran at once. */
  counts(): { readonly started: number; readonly ended: number; readonly mostAtOnce: number };
  close(): Promise<void>;
}

/**
 * Releases a slot as soon as the handler's own invocation reports the execution over (not
 * `PENDING`), rather than when the SDK's runner resolves `run()`, which keeps polling its
 * checkpoint server a fixed 100 ms longer: counted that way, five slots serve hundreds of short
 * runs a second instead of about forty.
 */
const releasingWhenOver =
  (handler: DurableLambdaHandler, release: () => void): DurableLambdaHandler =>
  async (event, context) => {
    const output = await handler(event, context);
    if (output.Status !== 'PENDING') release();
    return output;
  };

/**
 * Runs the durable workflow in-process on the SDK's own local runner (its checkpoint server in a
 * worker thread), with real time: waits last as long as they say. At most `concurrency`
 * executions run at once, as the deployed function's reserved concurrency allows; the rest wait in
 * order, as Lambda's asynchronous queue holds them. `onEnded` hears about each execution that
 * failed to run (the workflow records its own failures), for the server's log.
 */
const startLocalDurableRunner = async (options: {
  readonly handler: DurableLambdaHandler;
  readonly concurrency?: number;
  readonly onFailed?: (runId: string, error: unknown) => void;
}): Promise<LocalDurableRunner> => {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: false });
  const startedIds = new Set<string>();
  const queue: AsyncRunInput[] = [];
  const waiters: (() => void)[] = [];
  let running = 0;
  let ended = 0;
  let mostAtOnce = 0;

  const settleIdle = () => {
    if (running === 0 && queue.length === 0) for (const waiter of waiters.splice(0)) waiter();
  };

  const execute = (input: AsyncRunInput) => {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      running -= 1;
      ended += 1;
      pump();
      settleIdle();
    };
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    const runner = new LocalDurableTestRunner({ handlerFunction: releasingWhenOver(options.handler, release) });
    runner
      .run({ payload: input })
      .then(
        (execution) => {
          if (execution.getStatus() !== 'SUCCEEDED') options.onFailed?.(input.runId, execution.getError());
        },
        (error: unknown) => options.onFailed?.(input.runId, error),
      )
      .finally(release);
  };

  function pump(): void {
    while (running < concurrency && queue.length > 0) execute(queue.shift() as AsyncRunInput);
  }

  return {
    startRun: async (input) => {
      if (startedIds.has(input.runId)) return;
      startedIds.add(input.runId);
      queue.push(input);
      pump();
    },
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settleIdle();
      }),
    counts: () => ({ started: startedIds.size, ended, mostAtOnce }),
    close: async () => {
      queue.length = 0;
      await LocalDurableTestRunner.teardownTestEnvironment();
    },
  };
};

export { DEFAULT_CONCURRENCY, type LocalDurableRunner, startLocalDurableRunner };
