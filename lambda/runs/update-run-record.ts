import { writeLogLine } from '../observability/logger';
import type { RunRecordStore, RunRecordUpdate } from './run-record';

/**
 * An update of a run that is not stored. Records are created at accept, before the durable
 * execution starts, so this is a bug (or a record expired long ago), never a caller's mistake.
 */
class RunRecordMissing extends Error {
  constructor(runId: string) {
    super(`No run record ${runId}`);
    this.name = 'RunRecordMissing';
  }
}

/**
 * Writes a run's progress. A record that is not there (it expired, or the function was invoked
 * without going through accept) is no reason to stop the run: its import and callback still
 * happen, and an error line says the status could not be kept. Any other failure (the table
 * unreachable) is thrown, for the step to try again.
 */
const updateRunRecord = async (store: RunRecordStore, runId: string, update: RunRecordUpdate): Promise<void> => {
  try {
    await store.update(runId, update);
  } catch (error) {
    if (!(error instanceof RunRecordMissing)) throw error;
    await writeLogLine('error', 'Run record missing; its status is not kept', { runId });
  }
};

export { RunRecordMissing, updateRunRecord };
