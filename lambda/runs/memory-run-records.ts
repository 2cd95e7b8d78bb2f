import type { RunRecord, RunRecordStore } from './run-record';
import { RunRecordMissing } from './update-run-record';

/**
 * Run records in the process's memory, for the local server and tests. Creating a record is one
 * synchronous step between awaits, so two concurrent accepts of one run id cannot both create it.
 * Records are copied in and out, so a caller holding one cannot change what is stored.
 */
const memoryRunRecords = (): RunRecordStore => {
  const records = new Map<string, RunRecord>();
  return {
    create: async (record) => {
      const existing = records.get(record.runId);
      if (existing !== undefined) return { created: false, existing: structuredClone(existing) };
      records.set(record.runId, structuredClone(record));
      return { created: true };
    },
    read: async (runId) => {
      const record = records.get(runId);
      return record === undefined ? undefined : structuredClone(record);
    },
    update: async (runId, update) => {
      const record = records.get(runId);
      if (record === undefined) throw new RunRecordMissing(runId);
      records.set(runId, { ...record, ...structuredClone(update), updatedAt: new Date().toISOString() });
    },
  };
};

export { memoryRunRecords };
