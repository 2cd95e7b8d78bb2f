import type { RunImportCommand } from '../payload/run-import-command';

/**
 * What the API function hands the durable function when it accepts an async run: everything the
 * run needs, checked already (credential, payload, scope, coverage, callback URL). It is the durable
 * execution's input, so it is checkpointed once and replayed unchanged.
 */
interface AsyncRunInput {
  /** Derived from principal and idempotency key (or random without a key); also the execution's name. */
  readonly runId: string;
  readonly principal: string;
  readonly command: RunImportCommand;
  /** Follow the job until it finishes: set by `"follow": true` or by a callback URL. */
  readonly follow: boolean;
  /** Where the end of the run is reported; checked against the policy at request time. */
  readonly callbackUrl: string | null;
  /** ISO 8601 instant the API function accepted the run. */
  readonly acceptedAt: string;
}

export type { AsyncRunInput };
