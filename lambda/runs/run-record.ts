import type { ImportJob } from '../import-job';
import type { RunImportCommand } from '../payload/run-import-command';

/** Where an async run is, as `GET /runs/{runId}` reports it. */
type RunStatus = 'accepted' | 'running' | 'following' | 'calling-back' | 'succeeded' | 'failed' | 'timed-out';

/** A run's problem as plain JSON (RFC 9457 members), never an HTTP answer. */
interface RunProblem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
}

/** The callback's progress: its host only (never the path or query, which may carry a token). */
interface CallbackProgress {
  readonly host: string;
  readonly attempts: number;
  /** The receiver's last HTTP status; null before the first answer or after a timeout. */
  readonly lastStatus: number | null;
}

/**
 * The callback of a run that has one, before its first attempt: shown from the accept on, so that
 * `GET /runs/{runId}` tells at once which host will be called (null means no callback was asked).
 */
const pendingCallback = (callbackUrl: string): CallbackProgress => ({
  host: new URL(callbackUrl).host,
  attempts: 0,
  lastStatus: null,
});

/** One async run as stored: written by the API function at accept, then by the durable function. */
interface RunRecord {
  readonly runId: string;
  readonly principal: string;
  readonly command: RunImportCommand;
  /** Digest of what was asked (command, follow, callback URL): the same key with another payload is 422. */
  readonly fingerprint: string;
  readonly status: RunStatus;
  readonly importJob: ImportJob | null;
  readonly callback: CallbackProgress | null;
  readonly problem: RunProblem | null;
  /** Set once the durable execution was started (a duplicate of an unstarted record starts it). */
  readonly started: boolean;
  readonly acceptedAt: string;
  readonly updatedAt: string;
}

/** What may change on a stored run after accept. */
type RunRecordUpdate = Partial<Pick<RunRecord, 'status' | 'importJob' | 'callback' | 'problem' | 'started'>>;

/**
 * Where run records live: DynamoDB when deployed (`RUNS_TABLE_NAME`), memory locally. `create` is
 * conditional: it stores the record and answers `created`, or answers the record already stored
 * under that id and changes nothing.
 */
interface RunRecordStore {
  create(
    record: RunRecord,
  ): Promise<{ readonly created: true } | { readonly created: false; readonly existing: RunRecord }>;
  read(runId: string): Promise<RunRecord | undefined>;
  update(runId: string, update: RunRecordUpdate): Promise<void>;
}

export type { CallbackProgress, RunProblem, RunRecord, RunRecordStore, RunRecordUpdate, RunStatus };
export { pendingCallback };
