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

export { RunRecordMissing };
