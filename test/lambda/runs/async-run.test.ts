import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWhich50Sandbox, type Which50Sandbox } from '../../../dev/which50-sandbox';
import { respondWith, startRunThen } from '../../../dev/which50-sandbox-faults';
import type { DeliverCallback } from '../../../lambda/runs/callback-delivery';
import type { Which50Client } from '../../../lambda/which50/client';
import { type AsyncRunHarness, pollSeconds, startAsyncRunHarness, waitSeconds } from '../../support/async-run-harness';

/** The callback's body as a receiver reads it. */
interface CallbackBody {
  type: string;
  timestamp: string;
  data: { runId: string; contactListId: number; importJobId: number; importJob: unknown; problem: unknown };
}

/** Settles when `signal` is first called: what a test waits on to crash an invocation at that moment. */
const aSignal = (): { readonly fired: Promise<void>; readonly fire: () => void } => {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fired, fire };
};

/** Never settles: the rest of a crashed invocation. */
const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

/**
 * The sandbox's jobs finish a minute after their run: the follow schedule's waits (5, 8, 12, 17,
 * 26 s with the jitter's upper end) reach it at the fifth poll, 68 s after the run.
 */
const FINISH_AFTER_MS = 60_000;

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

  const withCallback = () => ({ follow: true, callbackUrl: harness.receiver.url });

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
      expect(pollSeconds(execution, 'follow-import')).toEqual([5, 8, 12, 17, 26]);
      expect(harness.sandbox.requests.filter((request) => request.endpoint === 'status')).toHaveLength(5);
      expect(harness.sandbox.runRequests()).toHaveLength(1);
      expect(outcome?.status).toBe('succeeded');
      expect(outcome?.importJob).toMatchObject({ progressPercent: 100 });
      expect(outcome?.importJob?.finishDate).not.toBeNull();
      expect(record).toMatchObject({ status: 'succeeded', importJob: outcome?.importJob });
    });

    describe('of a job that outlasts the follow time', () => {
      let slowSandbox: Which50Sandbox;

      beforeAll(async () => {
        slowSandbox = await startWhich50Sandbox({ finishAfterMs: 48 * 3_600_000, now: harness.now });
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

  describe('calling back', () => {
    it('delivers the end of the run once, signed per Standard Webhooks, with the finished job', async () => {
      // Act
      const { outcome, record } = await harness.run({ input: withCallback() });

      // Assert
      const [delivery, ...more] = harness.receiver.deliveries;
      expect(more).toHaveLength(0);
      const body = new Webhook(harness.signingSecret).verify(
        delivery?.body ?? '',
        delivery?.headers as Record<string, string>,
      ) as CallbackBody;
      expect(delivery?.headers['webhook-id']).toBe(`${record?.runId}.import.finished`);
      expect(body).toMatchObject({
        type: 'import.finished',
        data: { runId: record?.runId, contactListId: 1, importJobId: 2, problem: null },
      });
      expect(body.data.importJob).toEqual(outcome?.importJob);
      expect(outcome).toMatchObject({ status: 'succeeded', callback: { attempts: 1, lastStatus: 200 } });
      expect(record?.callback).toEqual({ host: new URL(harness.receiver.url).host, attempts: 1, lastStatus: 200 });
    });

    it('reports a failed run as import.failed, with its problem', async () => {
      // Arrange
      harness.sandbox.interceptOnce(respondWith(404, { Message: 'No such job' }), 'run');

      // Act
      await harness.run({ input: withCallback() });

      // Assert
      const [delivery] = harness.receiver.deliveries;
      const body = JSON.parse(delivery?.body ?? '{}') as CallbackBody;
      expect(body).toMatchObject({ type: 'import.failed', data: { importJob: null, problem: { status: 404 } } });
    });

    it('retries on 500 after the backoff, sending the same webhook-id and body each time', async () => {
      // Arrange
      harness.receiver.script(500, 500);

      // Act
      const { execution, record } = await harness.run({ input: withCallback() });

      // Assert
      const { deliveries } = harness.receiver;
      expect(deliveries.map((delivery) => delivery.answeredWith)).toEqual([500, 500, 200]);
      expect(new Set(deliveries.map((delivery) => delivery.headers['webhook-id']))).toEqual(
        new Set([`${record?.runId}.import.finished`]),
      );
      expect(new Set(deliveries.map((delivery) => delivery.body)).size).toBe(1);
      expect(waitSeconds(execution, 'callback-backoff')).toEqual([30, 60]);
      expect(record).toMatchObject({ status: 'succeeded', callback: { attempts: 3, lastStatus: 200 } });
    });

    it('retries when the receiver does not answer in time', async () => {
      // Arrange
      harness.receiver.script('hang');

      // Act
      const { execution, record } = await harness.run({ input: withCallback() });

      // Assert
      expect(harness.receiver.deliveries.map((delivery) => delivery.answeredWith)).toEqual(['hang', 200]);
      expect(waitSeconds(execution, 'callback-backoff')).toEqual([30]);
      expect(record?.callback).toMatchObject({ attempts: 2, lastStatus: 200 });
    });

    it('stops for good at 410 Gone', async () => {
      // Arrange
      harness.receiver.script(410);

      // Act
      const { execution, record, givenUp } = await harness.run({ input: withCallback() });

      // Assert
      expect(harness.receiver.deliveries).toHaveLength(1);
      expect(waitSeconds(execution, 'callback-backoff')).toEqual([]);
      expect(givenUp).toEqual([]);
      expect(record).toMatchObject({ status: 'succeeded', callback: { attempts: 1, lastStatus: 410 } });
    });

    it('gives up 24 h after the first attempt and hands the callback to the dead letter', async () => {
      // Arrange
      harness.receiver.script(...Array.from({ length: 60 }, () => 503));

      // Act
      const { execution, record, givenUp } = await harness.run({ input: withCallback() });

      // Assert
      const waits = waitSeconds(execution, 'callback-backoff');
      const attempts = harness.receiver.deliveries.length;
      expect(attempts).toBe(waits.length + 1);
      expect(waits.reduce((sum, seconds) => sum + seconds, 0)).toBeLessThanOrEqual(24 * 3_600);
      expect(attempts).toBeGreaterThanOrEqual(28);
      expect(givenUp).toEqual([
        expect.objectContaining({
          runId: record?.runId,
          url: harness.receiver.url,
          webhookId: `${record?.runId}.import.finished`,
          body: harness.receiver.deliveries[0]?.body,
          attempts,
          lastStatus: 503,
        }),
      ]);
      expect(record).toMatchObject({ status: 'succeeded', callback: { attempts, lastStatus: 503 } });
    }, 60_000);

    it('fails the run, and never retries, when the callback URL resolves to a forbidden address', async () => {
      // Arrange
      const forbidding = (): DeliverCallback => async () => ({
        outcome: 'forbidden',
        reason: 'it resolves to 10.0.0.7, a private address',
      });

      // Act
      const { outcome, record } = await harness.run({ input: withCallback(), deliverer: forbidding });

      // Assert
      expect(harness.receiver.deliveries).toHaveLength(0);
      expect(outcome?.status).toBe('failed');
      expect(record?.problem).toMatchObject({
        title: 'Callback refused',
        detail: expect.stringContaining('private address'),
      });
      expect(record?.callback).toMatchObject({ attempts: 1, lastStatus: null });
    });
  });

  describe('after a crash', () => {
    it('replays a run interrupted after its POST was sent without a second POST or a second webhook id', async () => {
      // Arrange
      const posted = aSignal();
      let calls = 0;
      const crashAfterPost = (client: Which50Client): Which50Client => ({
        ...client,
        runImport: async (...args) => {
          calls += 1;
          if (calls > 1) return client.runImport(...args);
          await client.runImport(...args);
          posted.fire();
          return never();
        },
      });

      // Act
      const { outcome, record, execution } = await harness.run({
        input: withCallback(),
        which50: crashAfterPost,
        crashWhen: posted.fired,
      });

      // Assert
      expect(calls).toBe(1);
      expect(harness.sandbox.runRequests()).toHaveLength(1);
      expect(execution.getHistoryEvents().some((event) => event.Name === 'reconcile-import')).toBe(true);
      expect(outcome?.status).toBe('succeeded');
      expect(harness.receiver.deliveries.map((delivery) => delivery.headers['webhook-id'])).toEqual([
        `${record?.runId}.import.finished`,
      ]);
    });

    it('replays a callback interrupted mid-attempt with the same webhook id and body', async () => {
      // Arrange
      const sent = aSignal();
      let attempts = 0;
      const crashAfterSend =
        (deliver: DeliverCallback): DeliverCallback =>
        async (delivery) => {
          attempts += 1;
          if (attempts > 1) return deliver(delivery);
          await deliver(delivery);
          sent.fire();
          return never();
        };

      // Act
      const { record } = await harness.run({ input: withCallback(), deliverer: crashAfterSend, crashWhen: sent.fired });

      // Assert
      const { deliveries } = harness.receiver;
      expect(harness.sandbox.runRequests()).toHaveLength(1);
      expect(deliveries).toHaveLength(2);
      expect(new Set(deliveries.map((delivery) => delivery.headers['webhook-id']))).toEqual(
        new Set([`${record?.runId}.import.finished`]),
      );
      expect(deliveries[1]?.body).toBe(deliveries[0]?.body);
      expect(record).toMatchObject({ status: 'succeeded', callback: { attempts: 2, lastStatus: 200 } });
    });
  });
});
