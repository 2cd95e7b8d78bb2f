import { randomUUID } from 'node:crypto';
import type { ImportJob } from '../../lambda/import-job';
import type { AsyncRunInput } from '../../lambda/runs/async-run-input';
import type { RunRecord } from '../../lambda/runs/run-record';

/** A normalized ImportJob, running unless a test says otherwise. */
const anImportJob = (overrides: Partial<ImportJob> = {}): ImportJob => ({
  id: 2,
  contactListId: 1,
  currentStatus: 'Running',
  progressPercent: 10,
  startDate: '2026-12-02T10:00:00.000Z',
  finishDate: null,
  invalidEmailCount: null,
  invalidSmsCount: null,
  insertedContacts: null,
  updatedContacts: null,
  droppedContacts: null,
  notUpdatedContacts: null,
  totalContacts: null,
  ...overrides,
});

/** A run record as the API function writes it at accept: a fresh run id, nothing run yet. */
const aRunRecord = (overrides: Partial<RunRecord> = {}): RunRecord => ({
  runId: `run-${randomUUID()}`,
  principal: 'api-key',
  command: { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] },
  fingerprint: 'sha256:test-fingerprint',
  status: 'accepted',
  importJob: null,
  callback: null,
  problem: null,
  started: false,
  acceptedAt: '2026-12-02T10:00:00.000Z',
  updatedAt: '2026-12-02T10:00:00.000Z',
  ...overrides,
});

/** The durable execution's input for a record: the same run, command and principal. */
const anAsyncRunInput = (record: RunRecord, overrides: Partial<AsyncRunInput> = {}): AsyncRunInput => ({
  runId: record.runId,
  principal: record.principal,
  command: record.command,
  follow: false,
  callbackUrl: null,
  acceptedAt: record.acceptedAt,
  ...overrides,
});

export { anAsyncRunInput, anImportJob, aRunRecord };
