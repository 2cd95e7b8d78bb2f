import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWhich50Sandbox, upstreamAuthHeaders, type Which50Sandbox } from '../../dev/which50-sandbox';

const FINISH_AFTER_MS = 300;
const JOB_PATH = '/contactLists/1/import/2';

interface WireJob {
  ProgressPercent: number;
  CurrentStatus: string;
  StartDate: string;
  FinishDate: string;
  InsertedContacts: number;
}

const callJob = async (sandbox: Which50Sandbox, method: 'GET' | 'POST'): Promise<WireJob> => {
  const response = await fetch(`${sandbox.baseUrl}${JOB_PATH}${method === 'POST' ? '/run' : ''}`, {
    method,
    headers: { ...upstreamAuthHeaders(sandbox.auth), accept: 'application/json' },
  });
  return (await response.json()) as WireJob;
};

describe('the sandbox with jobs that take time to finish', () => {
  let sandbox: Which50Sandbox;

  beforeAll(async () => {
    sandbox = await startWhich50Sandbox({ finishAfterMs: FINISH_AFTER_MS });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('answers a run with the job started and running, at 0 %, without a finish date', async () => {
    // Act
    const ran = await callJob(sandbox, 'POST');

    // Assert
    expect(ran).toMatchObject({ ProgressPercent: 0, CurrentStatus: 'Running', FinishDate: '0001-01-01T00:00:00' });
    expect(ran.StartDate).not.toBe('0001-01-01T00:00:00');
  });

  it('shows the job part done while it runs', async () => {
    // Arrange
    await callJob(sandbox, 'POST');
    await sleep(FINISH_AFTER_MS / 2);

    // Act
    const status = await callJob(sandbox, 'GET');

    // Assert
    expect(status.ProgressPercent).toBeGreaterThan(0);
    expect(status.ProgressPercent).toBeLessThan(100);
    expect(status.FinishDate).toBe('0001-01-01T00:00:00');
  });

  it('finishes the job the configured time after its run: 100 %, a finish date, its counts', async () => {
    // Arrange
    const ran = await callJob(sandbox, 'POST');
    await sleep(FINISH_AFTER_MS + 50);

    // Act
    const status = await callJob(sandbox, 'GET');

    // Assert
    expect(status).toMatchObject({ ProgressPercent: 100, CurrentStatus: 'Finished', StartDate: ran.StartDate });
    expect(Date.parse(status.FinishDate) - Date.parse(status.StartDate)).toBeGreaterThanOrEqual(FINISH_AFTER_MS - 1);
    expect(status.InsertedContacts).toBe(3);
  });
});

describe('the sandbox by default', () => {
  it('answers a run with the job already finished', async () => {
    // Arrange
    const sandbox = await startWhich50Sandbox();

    // Act
    const ran = await callJob(sandbox, 'POST');
    await sandbox.close();

    // Assert
    expect(ran).toMatchObject({ ProgressPercent: 100, CurrentStatus: 'Finished' });
  });
});
