import { randomBytes } from 'node:crypto';
import {
  type DurableContext,
  type Duration,
  type WaitForConditionCheckFunc,
  type WaitForConditionConfig,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
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
  /** The clock the harness's sandbox keeps (see `skippedClock`), for a sandbox a test starts itself. */
  readonly now: () => number;
  readonly receiver: CallbackReceiver;
  /** The `whsec_` secret callbacks are signed with, for verifying them. */
  readonly signingSecret: string;
  run(options?: RunOptions): Promise<FinishedRun>;
  close(): Promise<void>;
}

/** Milliseconds in a durable wait's duration. */
const durationMs = (duration: Duration): number => {
  const { days = 0, hours = 0, minutes = 0, seconds = 0 } = duration as Partial<Record<string, number>>;
  return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1_000;
};

/**
 * A clock for the sandbox that adds up the follow polls' waits. The runner skips waits, but its
 * clock does not add them up (its checkpoint server keeps the real time, and the runner only moves
 * the fake clock to each wait's end as that server reckons it), so a job that should finish a
 * minute after its run would not be seen finished by the polls that waited that minute. The
 * handler's `waitForCondition` is wrapped to move this clock by each wait its strategy decides
 * (the strategy is asked only live, never on replay).
 */
interface SkippedClock {
  readonly now: () => number;
  /** Starts counting afresh from the present (each run begins at the real time). */
  restart(): void;
  /** The durable handler, its follow waits counted on this clock. */
  counting<I, O>(
    handler: (input: I, context: DurableContext) => Promise<O>,
  ): (input: I, context: DurableContext) => Promise<O>;
}

const skippedClock = (): SkippedClock => {
  let startedAt = Date.now();
  let skippedMs = 0;
  return {
    now: () => startedAt + skippedMs,
    restart: () => {
      startedAt = Date.now();
      skippedMs = 0;
    },
    counting: (handler) => (input, context) => {
      const waitForCondition = ((
        name: string,
        check: WaitForConditionCheckFunc<unknown>,
        config: WaitForConditionConfig<unknown>,
      ) =>
        context.waitForCondition(name, check, {
          ...config,
          waitStrategy: (state, attempt) => {
            const decision = config.waitStrategy(state, attempt);
            if (decision.shouldContinue) skippedMs += durationMs(decision.delay);
            return decision;
          },
        })) as DurableContext['waitForCondition'];
      const counted = new Proxy(context, {
        get: (target, property) =>
          property === 'waitForCondition' ? waitForCondition : Reflect.get(target, property, target),
      });
      return handler(input, counted);
    },
  };
};

/**
 * The durable workflow on the SDK's own local runner (time skipped: waits end at once, the clock
 * jumps), against the real sandbox and a real callback receiver over loopback, with the real
 * Which50 client and callback deliverer, and run records in memory. Each run gets a fresh client
 * (its circuit breaker starts closed) and a record created as the API function would at accept.
 */
const startAsyncRunHarness = async (sandboxOptions: Which50SandboxOptions = {}): Promise<AsyncRunHarness> => {
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
  const clock = skippedClock();
  const sandbox = await startWhich50Sandbox({ ...sandboxOptions, now: clock.now });
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
    clock.restart();
    const durable = withDurableExecution(
      clock.counting(
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
      ),
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
    now: clock.now,
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
