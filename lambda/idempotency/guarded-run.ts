import type { JSONValue } from '@aws-lambda-powertools/commons/types';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { ImportJob } from '../import-job';
import { writeLogLine } from '../observability/logger';
import type { RunImportCommand } from '../payload/run-import-command';
import { problemForIdempotencyError, runOutcomeUnknown } from './idempotency-problems';
import { RunFateWatch } from './run-fate';
import type { GuardRequest, KeyedRun, UpstreamRun } from './run-guard';
import { decodeOutcome, encodeOutcome, showsRunSince } from './stored-outcome';

/** What the record is keyed and checked on: the key names the run, the command is its payload. */
interface GuardedInput {
  readonly key: string;
  readonly command: RunImportCommand;
}

/**
 * One call's own account of what happened, passed beside the input (Powertools keys on the first
 * argument only). The wrapped function fills it in when it really runs, so a call whose record
 * answered for it is known to be a replay, even with other calls in flight in the same process.
 */
interface RunAttempt {
  readonly run: UpstreamRun;
  readonly fate: RunFateWatch;
  ran: boolean;
  importJob?: ImportJob;
  failure?: unknown;
}

/** Names the guarded operation in the record's id (`run-import#<hash of the key>`). */
const KEY_PREFIX = 'run-import';

/**
 * The run, as Powertools calls it at most once per key. A run that succeeds is stored with its
 * ImportJob. A run that fails before anything could have reached Which50 throws, and Powertools
 * deletes the record, so a retry runs normally. A run that fails after its POST may have started
 * the import returns instead: the record is kept, holding when the first POST went out, and the
 * caller is given the run's own failure (see {@link createGuardedRun}).
 */
const runRecordingAttempt = async (_input: GuardedInput, attempt: RunAttempt): Promise<string> => {
  attempt.ran = true;
  let importJob: ImportJob;
  try {
    importJob = await attempt.run(attempt.fate);
  } catch (error) {
    attempt.failure = error;
    const { mayHaveRun, firstPostAt } = attempt.fate;
    if (!mayHaveRun || firstPostAt === undefined) throw error;
    return encodeOutcome({ kind: 'unknown', firstPostAt });
  }
  attempt.importJob = importJob;
  return encodeOutcome({ kind: 'completed', importJob });
};

/**
 * When the store failed after the run had happened (saving its answer, or releasing the key of a
 * failed run), the run's own outcome is still the truth to tell the caller; the record left in
 * progress expires with the invocation's time.
 */
const outcomeDespiteStore = async (attempt: RunAttempt, error: unknown): Promise<ImportJob> => {
  await writeLogLine('error', 'Idempotency record not updated after the run', {
    cause: (error as Error | undefined)?.name,
  });
  if (attempt.importJob !== undefined) return attempt.importJob;
  throw attempt.failure;
};

/**
 * Wraps the upstream run with Powertools idempotency over the given store. A completed duplicate
 * gets the stored ImportJob back (`replayed`); a duplicate while the run is in progress, or the key
 * reused with another command, is refused (409, 422). A failed run's record is released when the
 * run certainly did not start, and kept when its fate is unknown: a duplicate of that never POSTs,
 * but reads the job's status, and answers the job as a replay when its start date shows the run
 * (the record then becomes completed with it), or 409 `run-outcome-unknown` when it does not.
 * Records expire after `ttlSeconds`. Each call registers its Lambda context, which Powertools
 * reads, synchronously as the call starts, to let an in-progress record lapse when the invocation
 * that wrote it can no longer be running.
 */
const createGuardedRun = (store: BasePersistenceLayer, ttlSeconds: number): KeyedRun => {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'command',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: ttlSeconds,
    hashFunction: 'sha256',
  });
  const runOnce = makeIdempotent(runRecordingAttempt, {
    persistenceStore: store,
    config,
    keyPrefix: KEY_PREFIX,
    dataIndexArgument: 0,
  });

  /** A duplicate of a run of unknown outcome: the job's status decides, and no POST is ever sent. */
  const settleUnknown = async (request: GuardRequest & { readonly key: string }, firstPostAt: number) => {
    const importJob = await request.readJob().catch(() => undefined);
    if (importJob === undefined || !showsRunSince(importJob, firstPostAt)) {
      request.decided?.('outcome-unknown');
      throw runOutcomeUnknown(importJob);
    }
    const input: GuardedInput = { key: request.key, command: request.command };
    await store
      .saveSuccess(input as unknown as JSONValue, encodeOutcome({ kind: 'completed', importJob }))
      .catch((error: unknown) =>
        writeLogLine('warn', 'Idempotency record not updated after reconciling', {
          cause: (error as Error | undefined)?.name,
        }),
      );
    request.decided?.('replayed');
    return { importJob, replayed: true };
  };

  return async (request, run) => {
    const { key, command, context, observer } = request;
    const attempt: RunAttempt = { run, fate: new RunFateWatch(observer), ran: false };
    config.registerLambdaContext(context);
    let answer: string;
    try {
      answer = await runOnce({ key, command }, attempt);
    } catch (error) {
      if (attempt.ran && error !== attempt.failure)
        return { importJob: await outcomeDespiteStore(attempt, error), replayed: false };
      throw problemForIdempotencyError(error) ?? error;
    }
    if (attempt.ran) {
      if (attempt.importJob !== undefined) return { importJob: attempt.importJob, replayed: false };
      request.decided?.('kept-unknown');
      throw attempt.failure;
    }
    const stored = decodeOutcome(answer);
    if (stored.kind === 'unknown') return settleUnknown(request, stored.firstPostAt);
    request.decided?.('replayed');
    return { importJob: stored.importJob, replayed: true };
  };
};

export { createGuardedRun };
