import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type { ImportJob } from '../import-job';
import type { Which50Client } from '../which50/client';
import type { AsyncRunInput } from './async-run-input';
import { type CallBackResult, type CallbackEventType, callBack, type GivenUpCallback } from './call-back';
import type { DeliverCallback } from './callback-delivery';
import { followJob } from './follow-job';
import { followDeadline } from './follow-schedule';
import { importOnce } from './import-once';
import { callbackRefused, followTimedOut } from './run-problems';
import {
  type CallbackProgress,
  pendingCallback,
  type RunProblem,
  type RunRecordStore,
  type RunRecordUpdate,
  type RunStatus,
} from './run-record';
import { updateRunRecord } from './update-run-record';

/** What the durable workflow is built from: made once per execution environment by its entry. */
interface AsyncRunDeps {
  readonly which50: Which50Client;
  readonly runRecords: RunRecordStore;
  /** The signed single-attempt sender, built on first use from the secret's `outbound` part. */
  readonly deliverer: () => Promise<DeliverCallback>;
  /** How long a run follows its job (`FOLLOW_MAX_HOURS`), from the run's start. */
  readonly followMaxHours: number;
  /** Where a callback given up after 24 h goes (the dead-letter queue). */
  readonly giveUp: (callback: GivenUpCallback) => Promise<void>;
  /** The most one upstream call (its retries included) may take (`UPSTREAM_DEADLINE_MS`). */
  readonly upstreamDeadlineMs: number;
  /** The jitter's source; a test makes it fixed. */
  readonly random?: () => number;
}

/** How a run ended: what `GET /runs/{runId}` reports at the end, and the durable execution's result. */
interface AsyncRunOutcome {
  readonly runId: string;
  readonly status: Extract<RunStatus, 'succeeded' | 'failed' | 'timed-out'>;
  readonly importJob: ImportJob | null;
  readonly problem: RunProblem | null;
  readonly callback: CallbackProgress | null;
}

/** Where the import left the run, before any callback: its end status, the event that reports it. */
interface RunEnd {
  readonly status: AsyncRunOutcome['status'];
  readonly type: CallbackEventType;
  readonly importJob: ImportJob | null;
  readonly problem: RunProblem | null;
}

/** A callback that could never be sent fails the run, and its status says why; any other end keeps the import's. */
const afterCallback = (end: RunEnd, result: CallBackResult): RunEnd =>
  result.kind === 'forbidden' ? { ...end, status: 'failed', problem: callbackRefused(result.reason) } : end;

/**
 * Builds the durable handler of an async run (the entry wraps it with `withDurableExecution`):
 * mark the run running; run the import exactly once (see `import-once`); when asked to follow,
 * wait for the job to finish, up to `FOLLOW_MAX_HOURS` from the run's start (see `follow-job`);
 * with a callback URL, report the end there (see `call-back`). The run record follows each phase
 * (running, following, calling-back, then succeeded, failed or timed-out) with the latest
 * ImportJob and problem, each write a step of its own so a replay does not repeat it.
 */
const createAsyncRun = (deps: AsyncRunDeps) => {
  const random = deps.random ?? Math.random;
  return async (input: AsyncRunInput, context: DurableContext): Promise<AsyncRunOutcome> => {
    const { runId, command } = input;
    const record = (name: string, update: RunRecordUpdate) =>
      context.step(name, () => updateRunRecord(deps.runRecords, runId, update));

    const startedAt = await context.step('mark-running', async () => {
      await updateRunRecord(deps.runRecords, runId, { status: 'running' });
      return Date.now();
    });
    const imported = await importOnce(context, { ...deps, random }, command);
    let end: RunEnd;
    if (imported.kind === 'failed') {
      end = { status: 'failed', type: 'import.failed', importJob: imported.importJob, problem: imported.problem };
    } else if (input.follow) {
      await record('mark-following', { status: 'following', importJob: imported.importJob });
      const followed = await followJob(
        context,
        { ...deps, random },
        { runId, command, importJob: imported.importJob, deadline: followDeadline(startedAt, deps.followMaxHours) },
      );
      end = followed.finished
        ? { status: 'succeeded', type: 'import.finished', importJob: followed.importJob, problem: null }
        : {
            status: 'timed-out',
            type: 'import.timed-out',
            importJob: followed.importJob,
            problem: followTimedOut(deps.followMaxHours),
          };
    } else {
      end = { status: 'succeeded', type: 'import.finished', importJob: imported.importJob, problem: null };
    }

    let callback: CallbackProgress | null = null;
    if (input.callbackUrl !== null) {
      callback = pendingCallback(input.callbackUrl);
      await record('mark-calling-back', {
        status: 'calling-back',
        importJob: end.importJob,
        problem: end.problem,
        callback,
      });
      const result = await callBack(
        context,
        { ...deps, random },
        { runId, url: input.callbackUrl, type: end.type, command, importJob: end.importJob, problem: end.problem },
      );
      callback = result.progress;
      end = afterCallback(end, result);
    }
    await record('mark-ended', { status: end.status, importJob: end.importJob, problem: end.problem });
    return { runId, status: end.status, importJob: end.importJob, problem: end.problem, callback };
  };
};

export { type AsyncRunDeps, type AsyncRunOutcome, createAsyncRun };
