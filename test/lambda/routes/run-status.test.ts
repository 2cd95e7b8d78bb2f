import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyedRunId } from '../../../lambda/runs/run-id';
import { jsonOf, type ProblemJson } from '../../support/adapter-harness';
import {
  type AcceptHarness,
  OTHER_PRINCIPAL_KEY,
  postAsync,
  startAcceptHarness,
} from '../../support/async-accept-harness';
import { AN_API_KEY } from '../../support/factories';
import { anImportJob } from '../../support/run-record-factories';

const COMMAND = { contactListId: 1, importJobId: 2, customEvents: [] };

const readRun = (harness: AcceptHarness, runId: string, apiKey = AN_API_KEY, method = 'GET') =>
  harness.request(`/runs/${runId}`, { method, headers: { 'x-api-key': apiKey } });

/** The parts of a 404 that must not tell an unknown run from another caller's. */
const notFoundShape = ({ type, title, status, detail }: ProblemJson) => ({ type, title, status, detail });

describe('GET /runs/{runId}', () => {
  let harness: AcceptHarness;
  let runId: string;

  beforeAll(async () => {
    harness = await startAcceptHarness();
    runId = String((await jsonOf(await harness.request('/imports/run', postAsync(COMMAND)))).runId);
  });
  afterAll(() => harness.close());

  it('answers an accepted run as recorded', async () => {
    // Act
    const response = await readRun(harness, runId);

    // Assert
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toEqual({
      runId,
      status: 'accepted',
      importJob: null,
      callback: null,
      problem: null,
    });
  });

  it('answers the run’s progress as the workflow records it', async () => {
    // Arrange
    const importJob = anImportJob({ progressPercent: 100, finishDate: '2026-12-02T10:05:00.000Z' });
    const callback = { host: 'hooks.example.com', attempts: 1, lastStatus: 200 };
    await harness.runRecords.update(runId, { status: 'succeeded', importJob, callback });

    // Act
    const body = await jsonOf(await readRun(harness, runId));

    // Assert
    expect(body).toEqual({ runId, status: 'succeeded', importJob, callback, problem: null });
  });

  it('answers another principal’s run exactly as an unknown one (404)', async () => {
    // Act
    const theirs = await readRun(harness, runId, OTHER_PRINCIPAL_KEY);
    const unknown = await readRun(harness, keyedRunId('api-key/key:never-used'));

    // Assert
    expect(theirs.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(notFoundShape(await jsonOf<ProblemJson>(theirs))).toEqual(notFoundShape(await jsonOf<ProblemJson>(unknown)));
  });

  it('answers an id that is not a run id with 404', async () => {
    // Act
    const response = await readRun(harness, 'not-a-run');

    // Assert
    expect(response.status).toBe(404);
  });

  it('answers HEAD like GET, without a body', async () => {
    // Act
    const response = await readRun(harness, runId, AN_API_KEY, 'HEAD');

    // Assert
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('refuses a caller without a credential (401)', async () => {
    // Act
    const response = await harness.request(`/runs/${runId}`);

    // Assert
    expect(response.status).toBe(401);
  });
});
