import { randomBytes } from 'node:crypto';
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { LocalDurableTestRunner, type TestResult } from '@aws/durable-execution-sdk-js-testing';
import { startWhich50Sandbox, type Which50Sandbox, type Which50SandboxOptions } from '../../dev/which50-sandbox';
import { type AsyncRunOutcome, createAsyncRun } from '../../lambda/runs/async-run';
import type { AsyncRunInput } from '../../lambda/runs/async-run-input';
import type { GivenUpCallback } from '../../lambda/runs/call-back';
import type { DeliverCallback } from '../../lambda/runs/callback-delivery';
import { createCallbackDeliverer } from '../../lambda/runs/deliver-callback';
import { memoryRunRecords } from '../../lambda/runs/memory-run-records';
import type { RunRecord } from '../../lambda/runs/run-record';
import { createWhich50Client, type Which50Client } from '../../lambda/which50/client';
import { type CallbackReceiver, startCallbackReceiver } from './callback-receiver';
import { crashOnce } from './crash-once';
import { anAdapterSecret } from './factories';
import { anAsyncRunInput, aRunRecord } from './run-record-factories';
import { registerSecretValue } from './secret-registry';

/** The draw that takes every scheduled delay whole, so a test can name the waits it expects. */
const NO_JITTER = 0.999_999;
/** How long a callback attempt waits for the receiver's answer in these tests. */
const CALLBACK_TIMEOUT_MS = 500;

interface RunOptions {
  /** What the run asks; by default it neither follows nor calls back. */
  readonly input?: Partial<AsyncRunInput>;
  readonly followMaxHours?: number;
  /** Wraps the real client: how a test plays a crash in the middle of a call. */
  readonly which50?: (client: Which50Client) => Which50Client;
  /** Wraps the real deliverer, likewise. */
  readonly deliverer?: (deliver: DeliverCallback) => DeliverCallback;
  /** When set, the first invocation is abandoned as this resolves (see `crashOnce`). */
  readonly crashWhen?: Promise<void>;
  /** Another sandbox to run against (one whose jobs never finish, say); default the harness's own. */
  readonly sandbox?: Which50Sandbox;
}

/** A run taken to its end: the execution as the runner saw it, the run record, the dead letters. */
interface FinishedRun {
  readonly execution: TestResult<AsyncRunOutcome>;
  /** The durable execution's result; undefined when the execution itself failed. */
  readonly outcome: AsyncRunOutcome | undefined;
  readonly record: RunRecord | undefined;
  readonly givenUp: readonly GivenUpCallback[];
}

interface AsyncRunHarness {
  readonly sandbox: Which50Sandbox;
  readonly receiver: CallbackReceiver;
  /** The `whsec_` secret callbacks are signed with, for verifying them. */
  readonly signingSecret: string;
  run(options?: RunOptions): Promise<FinishedRun>;
  close(): Promise<void>;
}

/**
 * The durable workflow on the SDK's own local runner (time skipped: waits end at once, the clock
 * jumps), against the real sandbox and a real callback receiver over loopback, with the real
 * Which50 client and callback deliverer, and run records in memory. Each run gets a fresh client
 * (its circuit breaker starts closed) and a record created as the API function would at accept.
 */
const startAsyncRunHarness = async (sandboxOptions: Which50SandboxOptions = {}): Promise<AsyncRunHarness> => {
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
  const sandbox = await startWhich50Sandbox(sandboxOptions);
  const receiver = await startCallbackReceiver();
  const signingSecret = `whsec_${randomBytes(32).toString('base64')}`;
  registerSecretValue(signingSecret, 'outbound.callbackSigningSecret');

  const run = async (options: RunOptions = {}): Promise<FinishedRun> => {
    const upstream = options.sandbox ?? sandbox;
    const secret = anAdapterSecret({ which50: { baseUrl: new URL(upstream.baseUrl), auth: upstream.auth } });
    const runRecords = memoryRunRecords();
    const record = aRunRecord();
    await runRecords.create(record);
    const givenUp: GivenUpCallback[] = [];
    const client = createWhich50Client({
      loadSecret: async () => secret,
      attemptTimeoutMs: 1_000,
      circuitBreaker: { threshold: 5, openMs: 30_000 },
    });
    const deliver = createCallbackDeliverer({
      signingSecret,
      policy: { allowHttp: true, allowedHosts: undefined },
      timeoutMs: CALLBACK_TIMEOUT_MS,
    });
    const durable = withDurableExecution(
      createAsyncRun({
        which50: options.which50?.(client) ?? client,
        runRecords,
        deliverer: async () => options.deliverer?.(deliver) ?? deliver,
        followMaxHours: options.followMaxHours ?? 24,
        giveUp: async (callback) => {
          givenUp.push(callback);
        },
        upstreamDeadlineMs: 5_000,
        random: () => NO_JITTER,
      }),
    );
    const handlerFunction = options.crashWhen === undefined ? durable : crashOnce(durable, options.crashWhen);
    const runner = new LocalDurableTestRunner<AsyncRunOutcome>({ handlerFunction });
    const execution = await runner.run({ payload: anAsyncRunInput(record, options.input) });
    const outcome = execution.getStatus() === 'SUCCEEDED' ? execution.getResult() : undefined;
    return { execution, outcome, record: await runRecords.read(record.runId), givenUp };
  };

  return {
    sandbox,
    receiver,
    signingSecret,
    run,
    close: async () => {
      await receiver.close();
      await sandbox.close();
      await LocalDurableTestRunner.teardownTestEnvironment();
    },
  };
};

/** The waits of the `context.wait` calls named `name`, in seconds, in the order they were taken. */
const waitSeconds = (execution: TestResult<unknown>, name: string): number[] =>
  execution
    .getHistoryEvents()
    .filter((event) => event.EventType === 'WaitStarted' && event.Name === name)
    .map((event) => event.WaitStartedDetails?.Duration ?? Number.NaN);

/** The waits between the checks of the `waitForCondition` named `name`, in seconds, in order. */
const pollSeconds = (execution: TestResult<unknown>, name: string): number[] =>
  execution
    .getHistoryEvents()
    .filter((event) => event.EventType === 'StepSucceeded' && event.Name === name)
    .flatMap((event) => {
      const delay = event.StepSucceededDetails?.RetryDetails?.NextAttemptDelaySeconds;
      return delay === undefined ? [] : [delay];
    });

export { type AsyncRunHarness, CALLBACK_TIMEOUT_MS, type FinishedRun, pollSeconds, startAsyncRunHarness, waitSeconds };
