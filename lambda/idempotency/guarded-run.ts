import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { ImportJob } from '../import-job';
import { logger } from '../observability/logger';
import type { RunImportCommand } from '../payload/run-import-command';
import { problemForIdempotencyError } from './idempotency-problems';
import type { KeyedRun } from './run-guard';

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
  readonly run: () => Promise<ImportJob>;
  ran: boolean;
  importJob?: ImportJob;
  failure?: unknown;
}

/** Names the guarded operation in the record's id (`run-import#<hash of the key>`). */
const KEY_PREFIX = 'run-import';

/**
 * The run, as Powertools calls it at most once per key. The record keeps the ImportJob only, as
 * JSON text, so a replay gives the first answer's fields in the first answer's order.
 */
const runRecordingAttempt = async (_input: GuardedInput, attempt: RunAttempt): Promise<string> => {
  attempt.ran = true;
  try {
    attempt.importJob = await attempt.run();
  } catch (error) {
    attempt.failure = error;
    throw error;
  }
  return JSON.stringify(attempt.importJob);
};

/**
 * When the store failed after the run had happened (saving its answer, or releasing the key of a
 * failed run), the run's own outcome is still the truth to tell the caller; the record left in
 * progress expires with the invocation's time, after which a retry runs again.
 */
const outcomeDespiteStore = (attempt: RunAttempt, error: unknown): ImportJob => {
  logger.error('Idempotency record not updated after the run', { cause: (error as Error | undefined)?.name });
  if (attempt.importJob !== undefined) return attempt.importJob;
  throw attempt.failure;
};

/**
 * Wraps the upstream run with Powertools idempotency over the given store. A completed duplicate
 * gets the stored ImportJob back (`replayed`); a duplicate while the run is in progress, or the key
 * reused with another command, is refused (409, 422); a failed run deletes its record, so that a
 * retry runs again. Records expire after `ttlSeconds`. Each call registers its Lambda context,
 * which Powertools reads, synchronously as the call starts, to let an in-progress record lapse when
 * the invocation that wrote it can no longer be running.
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

  return async ({ key, command, context }, run) => {
    const attempt: RunAttempt = { run, ran: false };
    config.registerLambdaContext(context);
    try {
      const answer = await runOnce({ key, command }, attempt);
      return attempt.ran
        ? { importJob: attempt.importJob as ImportJob, replayed: false }
        : { importJob: JSON.parse(answer) as ImportJob, replayed: true };
    } catch (error) {
      if (attempt.ran && error !== attempt.failure)
        return { importJob: outcomeDespiteStore(attempt, error), replayed: false };
      throw problemForIdempotencyError(error) ?? error;
    }
  };
};

export { createGuardedRun };
