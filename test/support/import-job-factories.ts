import type { ImportJob } from '../../lambda/import-job';

/** The members of a normalized ImportJob, exactly and in order (design.md, "The answer"). */
const IMPORT_JOB_FIELDS = [
  'id',
  'contactListId',
  'currentStatus',
  'progressPercent',
  'startDate',
  'finishDate',
  'invalidEmailCount',
  'invalidSmsCount',
  'insertedContacts',
  'updatedContacts',
  'droppedContacts',
  'notUpdatedContacts',
  'totalContacts',
];

/** An upstream record's fields by name, as a JSON or XML answer carries them. */
type UpstreamFields = Record<string, unknown>;

/**
 * An ImportJob as Which50 documents it (PascalCase), with a different value in every field so a
 * value landing in the wrong field shows.
 */
const upstreamImportJob = (overrides: UpstreamFields = {}): UpstreamFields => ({
  Id: 41,
  ContactListId: 7,
  InvalidEmailCount: 3,
  InvalidSmsCount: 4,
  ProgressPercent: 100,
  CurrentStatus: 'Finished',
  StartDate: '2024-12-27T18:16:57.2824295+00:00',
  FinishDate: '2024-12-27T18:22:13.643685+00:00',
  InsertedContacts: 10,
  UpdatedContacts: 11,
  DroppedContacts: 12,
  NotUpdatedContacts: 13,
  TotalContacts: 46,
  ...overrides,
});

/** The ImportJob the adapter answers for `upstreamImportJob()`. */
const expectedImportJob = (overrides: Partial<ImportJob> = {}): ImportJob => ({
  id: 41,
  contactListId: 7,
  currentStatus: 'Finished',
  progressPercent: 100,
  startDate: '2024-12-27T18:16:57.282Z',
  finishDate: '2024-12-27T18:22:13.643Z',
  invalidEmailCount: 3,
  invalidSmsCount: 4,
  insertedContacts: 10,
  updatedContacts: 11,
  droppedContacts: 12,
  notUpdatedContacts: 13,
  totalContacts: 46,
  ...overrides,
});

export { expectedImportJob, IMPORT_JOB_FIELDS, type UpstreamFields, upstreamImportJob };
