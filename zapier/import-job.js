/**
 * The adapter's normalized ImportJob, as a Zap author sees it: every field labelled, so that later
 * steps can map "Inserted contacts" rather than `insertedContacts`, and a sample with obviously
 * made-up values for when Zapier cannot show a live result.
 */
const IMPORT_JOB_OUTPUT_FIELDS = [
  { key: 'id', label: 'Import job ID', type: 'integer' },
  { key: 'contactListId', label: 'Contact list ID', type: 'integer' },
  { key: 'currentStatus', label: 'Current status', type: 'string' },
  { key: 'progressPercent', label: 'Progress (%)', type: 'integer' },
  { key: 'startDate', label: 'Started at', type: 'datetime' },
  { key: 'finishDate', label: 'Finished at', type: 'datetime' },
  { key: 'invalidEmailCount', label: 'Invalid emails', type: 'integer' },
  { key: 'invalidSmsCount', label: 'Invalid SMS numbers', type: 'integer' },
  { key: 'insertedContacts', label: 'Inserted contacts', type: 'integer' },
  { key: 'updatedContacts', label: 'Updated contacts', type: 'integer' },
  { key: 'droppedContacts', label: 'Dropped contacts', type: 'integer' },
  { key: 'notUpdatedContacts', label: 'Contacts not updated', type: 'integer' },
  { key: 'totalContacts', label: 'Total contacts', type: 'integer' },
];

const IMPORT_JOB_SAMPLE = {
  id: 100,
  contactListId: 7,
  currentStatus: 'Finished',
  progressPercent: 100,
  startDate: '2024-12-27T18:20:01.000Z',
  finishDate: '2024-12-27T18:22:13.643Z',
  invalidEmailCount: 0,
  invalidSmsCount: 0,
  insertedContacts: 2,
  updatedContacts: 1,
  droppedContacts: 0,
  notUpdatedContacts: 0,
  totalContacts: 3,
};

/** The fields both run actions ask for: what the adapter's simplified payload takes, plus the key. */
const RUN_INPUT_FIELDS = [
  {
    key: 'contactListId',
    label: 'Contact list ID',
    type: 'integer',
    required: true,
    helpText: 'The Which50 contact list that owns the import job (a whole number, 1 or more).',
  },
  {
    key: 'importJobId',
    label: 'Import job ID',
    type: 'integer',
    required: true,
    helpText: 'The import job to run, as Which50 numbers it.',
  },
  {
    key: 'customEvents',
    label: 'Custom events',
    type: 'string',
    list: true,
    required: false,
    helpText:
      'Names of Which50 custom events to fire for the imported contacts (e.g. `SendWelcomeEmail`), one per line or comma-separated; at most 50. Leave empty for none.',
  },
  {
    key: 'idempotencyKey',
    label: 'Idempotency key',
    type: 'string',
    required: false,
    helpText:
      'Runs with the same key run the import once: a repeat gets the first answer again. Leave empty to use a key built from this Zap and this step’s values, which Zapier’s own retries and replays share. If this step’s values are the same on every run (fixed IDs and events), map something unique to the triggering item here (its ID, say), or runs within the adapter’s idempotency window (24 hours) count as one.',
  },
];

module.exports = { IMPORT_JOB_OUTPUT_FIELDS, IMPORT_JOB_SAMPLE, RUN_INPUT_FIELDS };
