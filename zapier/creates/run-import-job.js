const { callAdapter } = require('../adapter-client');
const { idempotencyKeyFor } = require('../idempotency-key');
const { IMPORT_JOB_OUTPUT_FIELDS, IMPORT_JOB_SAMPLE, RUN_INPUT_FIELDS } = require('../import-job');
const { importJobOf } = require('../import-job-answer');
const { runCommandOf } = require('../run-command');

const KEY = 'run_import_job';

/**
 * Runs the import job through the adapter's `POST /imports/run` and answers its ImportJob as it
 * stood right after the run started. Every attempt of one step carries the same idempotency key,
 * so the import runs once however often Zapier retries or replays the step.
 */
const perform = async (z, bundle) => {
  const command = runCommandOf(bundle.inputData);
  const response = await callAdapter(z, bundle, {
    method: 'POST',
    path: '/imports/run',
    body: command,
    headers: { 'idempotency-key': idempotencyKeyFor(KEY, bundle, command) },
  });
  return importJobOf(z, response.data);
};

module.exports = {
  key: KEY,
  noun: 'Import Job',
  display: {
    label: 'Run Import Job',
    description: 'Runs a Which50 import job, optionally firing custom events, and returns the job as it started.',
  },
  operation: {
    inputFields: RUN_INPUT_FIELDS,
    perform,
    sample: IMPORT_JOB_SAMPLE,
    outputFields: IMPORT_JOB_OUTPUT_FIELDS,
  },
};
