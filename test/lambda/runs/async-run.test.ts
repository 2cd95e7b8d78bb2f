import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWhich50Sandbox, type Which50Sandbox } from '../../../dev/which50-sandbox';
import { respondWith, startRunThen } from '../../../dev/which50-sandbox-faults';
import { type AsyncRunHarness, pollSeconds, startAsyncRunHarness } from '../../support/async-run-harness';

/** The sandbox's jobs finish a minute after their run: a few polls of the follow schedule. */
const FINISH_AFTER_MS = 60_000;
/** The follow schedule's waits, in seconds, with the jitter's upper end: 5 s, x1.5, at most 300 s. */
const FOLLOW_SCHEDULE = [5, 8, 12, 17, 26, 38, 57, 86, 129, 195, 292, 300, 300];

describe('an async run under the local durable runner', () => {
  let harness: AsyncRunHarness;

  beforeAll(async () => {
    harness = await startAsyncRunHarness({ finishAfterMs: FINISH_AFTER_MS });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.sandbox.reset();
    harness.receiver.reset();
  });

  describe('running the import', () => {
    it('sends exactly one POST and ends succeeded with the job as the run answered it', async () => {
      // Act
      const { outcome, record } = await harness.run();

      // Assert
      expect(harness.sandbox.runRequests()).toHaveLength(1);
      expect(harness.sandbox.getImportJob(1, 2)?.customEventRuns).toEqual([['SendWelcomeEmail']]);
      expect(outcome).toMatchObject({ status: 'succeeded', problem: null, callback: null });
      expect(outcome?.importJob).toMatchObject({ id: 2, contactListId: 1, progressPercent: 0 });
      expect(record).toMatchObject({ status: 'succeeded', importJob: outcome?.importJob, problem: null });
    });

    it('fails the run on a Which50 refusal, without trying again', async () => {
      // Arrange
      harness.sandbox.interceptOnce(respondWith(422, { Message: 'The import job has no contacts.' }), 'run');

      // Act
      const { outcome, record } = await harness.run();

      // Assert
      expect(harness.sandbox.runRequests()).toHaveLength(1);
      expect(outcome?.status).toBe('failed');
      expect(outcome?.problem).toEqual({
        type: 'urn:which50-import-webhook:problem:import-refused-by-which50',
        title: 'Import refused by Which50',
        status: 422,
        detail: 'The import job has no contacts.',
      });
      expect(record?.status).toBe('failed');
    });

    it('tries a run Which50 could not take again after a durable wait, and runs it once', async () => {
      // Arrange
      for (let answer = 0; answer < 3; answer += 1) {
        harness.sandbox.interceptOnce(respondWith(503, { Message: 'Busy' }, { 'Retry-After': '0' }), 'run');
      }

      // Act
      const { execution, outcome } = await harness.run();

      // Assert
      expect(harness.sandbox.runRequests().map((request) => request.status)).toEqual([503, 503, 503, 200]);
      expect(harness.sandbox.getImportJob(1, 2)?.customEventRuns).toHaveLength(1);
      expect(
        execution
          .getHistoryEvents()
          .filter((event) => event.Name === 'import-backoff' && event.EventType === 'WaitStarted')
          .map((event) => event.WaitStartedDetails?.Duration),
      ).toEqual([30]);
      expect(outcome?.status).toBe('succeeded');
    });

    it('reads the job’s status after a POST of unknown fate, and counts the run when its start shows it', async () => {
      // Arrange
      harness.sandbox.interceptOnce(startRunThen(harness.sandbox, respondWith(500, { Message: 'Oops' })), 'run');

      // Act
      const { outcome } = await harness.run();

      // Assert
      expect(harness.sandbox.runRequests()).toHaveLength(1);
      expect(outcome?.status).toBe('succeeded');
      expect(outcome?.importJob?.startDate).not.toBeNull();
    });

    it('fails as run-outcome-unknown when the job’s status does not show the run, and never POSTs again', async () => {
      // Arrange
      harness.sandbox.interceptOnce(respondWith(500, { Message: 'Oops' }), 'run');

      // Act
      const { outcome } = await harness.run();

      // Assert
      expect(harness.sandbox.runRequests()).toHaveLength(1);
      expect(outcome?.status).toBe('failed');
      expect(outcome?.problem?.type).toBe('urn:which50-import-webhook:problem:run-outcome-unknown');
      expect(outcome?.importJob).toMatchObject({ startDate: null });
    });
  });

  describe('following the job', () => {
    it('polls the job’s status by the follow schedule until it finishes', async () => {
      // Act
      const { execution, outcome, record } = await harness.run({ input: { follow: true } });

      // Assert
      const polls = pollSeconds(execution, 'follow-import');
      expect(polls.length).toBeGreaterThanOrEqual(2);
      expect(polls).toEqual(FOLLOW_SCHEDULE.slice(0, polls.length));
      expect(harness.sandbox.requests.filter((request) => request.endpoint === 'status')).toHaveLength(polls.length);
      expect(harness.sandbox.runRequests()).toHaveLength(1);
      expect(outcome?.status).toBe('succeeded');
      expect(outcome?.importJob).toMatchObject({ progressPercent: 100 });
      expect(outcome?.importJob?.finishDate).not.toBeNull();
      expect(record).toMatchObject({ status: 'succeeded', importJob: outcome?.importJob });
    });

    describe('of a job that outlasts the follow time', () => {
      let slowSandbox: Which50Sandbox;

      beforeAll(async () => {
        slowSandbox = await startWhich50Sandbox({ finishAfterMs: 48 * 3_600_000 });
      });
      afterAll(() => slowSandbox.close());

      it('stops at FOLLOW_MAX_HOURS, timed out, having waited no longer than that', async () => {
        // Act
        const { execution, outcome } = await harness.run({
          input: { follow: true },
          followMaxHours: 1,
          sandbox: slowSandbox,
        });

        // Assert
        const polls = pollSeconds(execution, 'follow-import');
        const waited = polls.reduce((sum, seconds) => sum + seconds, 0);
        expect(waited).toBeGreaterThanOrEqual(3_599);
        expect(waited).toBeLessThanOrEqual(3_601);
        expect(Math.max(...polls)).toBe(300);
        expect(outcome?.status).toBe('timed-out');
        expect(outcome?.problem?.title).toBe('Import still running');
        expect(slowSandbox.runRequests()).toHaveLength(1);
      });
    });
  });
});
