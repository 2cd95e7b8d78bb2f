import type { AsyncRunInput } from './async-run-input';

/**
 * Starts the durable execution of an accepted run, asynchronously (it returns once the start is
 * queued, not when the run ends). Starting the same `runId` twice starts one execution: deployed,
 * the execution's name is the run id; locally, the in-process runner keeps the names it started.
 */
type StartRun = (input: AsyncRunInput) => Promise<void>;

export type { StartRun };
