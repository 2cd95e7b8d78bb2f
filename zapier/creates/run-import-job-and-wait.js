const { callAdapter } = require('../adapter-client');
const { callbackEventOf } = require('../callback-event');
const { idempotencyKeyFor } = require('../idempotency-key');
const { IMPORT_JOB_OUTPUT_FIELDS, IMPORT_JOB_SAMPLE, RUN_INPUT_FIELDS } = require('../import-job');
const { importJobOf } = require('../import-job-answer');
const { runCommandOf } = require('../run-command');

const KEY = 'run_import_job_and_wait';

const runRequest = (bundle, body, command) => ({
  method: 'POST',
  path: '/imports/run',
  body,
  headers: { 'idempotency-key': idempotencyKeyFor(KEY, bundle, command) },
});

const isKeyReused = (error) => error?.name === 'HaltedError' && error.message.startsWith('Idempotency key reused:');

/**
 * The adapter's 422 for a key sent again with other values, as it happens to this action: the
 * callback URL is part of an async run's values, and a replay of a step that already started its
 * run may come with a new one. The run is not started twice; the Zap author is told what to do.
 */
const keyReusedByReplay = (z, error) =>
  new z.errors.HaltedError(
    `${error.message} This step already started a run with these values and another callback URL (a replay of the step), so it is not started again: check the job in Which50, and give the step a new idempotency key to run it anyway.`,
  );

/**
 * Starts an async run that reports back to this step's callback URL, and answers the adapter's
 * 202 (`runId`, `status`, `statusUrl`), which Zapier keeps for `performResume`. A test from the
 * Zap editor cannot wait for a callback, so it runs the import at once and shows the ImportJob.
 */
const perform = async (z, bundle) => {
  const command = runCommandOf(bundle.inputData);
  if (bundle.meta?.isLoadingSample) {
    const response = await callAdapter(z, bundle, runRequest(bundle, command, command));
    return importJobOf(z, response.data);
  }
  const response = await callAdapter(
    z,
    bundle,
    runRequest(bundle, { ...command, callbackUrl: z.generateCallbackUrl() }, command),
  ).catch((error) => {
    throw isKeyReused(error) ? keyReusedByReplay(z, error) : error;
  });
  if (response.status !== 202 || typeof response.data?.runId !== 'string') {
    throw new z.errors.HaltedError(
      `The adapter ran the import at once (answer ${response.status}) instead of accepting a run that reports back: it does not support async runs yet. Use “Run Import Job”, or update the adapter.`,
    );
  }
  return response.data;
};

/**
 * Finishes the step with the adapter's callback: the finished ImportJob, or an error saying why
 * there is none. A failed run is halted with the adapter's problem; a run still unfinished when the
 * adapter stopped following it is an error, since the import may yet finish and a person should look.
 */
const performResume = (z, bundle) => {
  const { type, data } = callbackEventOf(z, bundle);
  if (type === 'import.finished') return importJobOf(z, data.importJob);
  const problem = data.problem ?? {};
  const said = [problem.title, problem.detail].filter((part) => typeof part === 'string').join(': ');
  if (type === 'import.failed') {
    throw new z.errors.HaltedError(`The import run ${data.runId} failed${said ? ` (${said})` : ''}.`);
  }
  const status = data.importJob?.currentStatus;
  throw new z.errors.Error(
    `The import run ${data.runId} had not finished when the adapter stopped following it${status ? `; last status: ${status}` : ''}${said ? ` (${said})` : ''}. Check the job in Which50.`,
    'ImportTimedOut',
  );
};

module.exports = {
  key: KEY,
  noun: 'Import Job',
  display: {
    label: 'Run Import Job and Wait',
    description:
      'Runs a Which50 import job and waits until it has finished, then returns the finished job (inserted, updated and dropped contacts).',
  },
  operation: {
    inputFields: RUN_INPUT_FIELDS,
    perform,
    performResume,
    sample: IMPORT_JOB_SAMPLE,
    outputFields: IMPORT_JOB_OUTPUT_FIELDS,
  },
};
