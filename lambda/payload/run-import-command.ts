/**
 * What a caller asked for, once every way of saying it (path, query, JSON or form body, schedule
 * input) has been read, checked and agreed on. Everything past the payload module works on this.
 */
interface RunImportCommand {
  readonly contactListId: number;
  readonly importJobId: number;
  /** Names to pass to the upstream's `customevents`, in order, without duplicates; may be empty. */
  readonly customEvents: readonly string[];
}

/** The pair of ids that names one import job, as the status route reads it from its path. */
interface ImportJobRef {
  readonly contactListId: number;
  readonly importJobId: number;
}

export type { ImportJobRef, RunImportCommand };
