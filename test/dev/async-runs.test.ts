import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, DEMO_CALLBACK_SIGNING_SECRET, DEMO_INBOUND } from '../../dev/demo-secret';
import { delayThenServe } from '../../dev/which50-sandbox-faults';
import { jsonOf } from '../support/adapter-harness';
import { type CallbackReceiver, startCallbackReceiver } from '../support/callback-receiver';
import { type LocalAsyncServer, startLocalAsyncServer } from '../support/local-async-server';
import { aStandardWebhook, posted } from '../support/signed-deliveries';

const COMMAND = { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] };
const FINISH_AFTER_MS = 1_500;

const postAsync = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json', prefer: 'respond-async', ...headers },
  body: JSON.stringify(body),
});

const readRun = async (server: LocalAsyncServer, runId: unknown) =>
  jsonOf(await server.request(`/runs/${runId}`, { headers: { 'x-api-key': DEMO_API_KEY } }));

/** The run's statuses as polled every 100 ms until it ends (or 20 s pass). */
const statusesUntilEnd = async (server: LocalAsyncServer, runId: unknown): Promise<unknown[]> => {
  const statuses: unknown[] = [];
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const { status } = await readRun(server, runId);
    if (statuses.at(-1) !== status) statuses.push(status);
    if (status === 'succeeded' || status === 'failed' || status === 'timed-out') break;
    await sleep(100);
  }
  return statuses;
};

describe('async runs end to end through the local server', () => {
  let server: LocalAsyncServer;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    server = await startLocalAsyncServer({ finishAfterMs: FINISH_AFTER_MS });
    receiver = await startCallbackReceiver();
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });
  beforeEach(async () => {
    await server.idle();
    server.sandbox.reset();
    receiver.reset();
  });

  it('accepts with 202, Location and Preference-Applied, and the run progresses to succeeded', {
    timeout: 40_000,
  }, async () => {
    // Act
    const response = await server.request('/imports/run', postAsync({ ...COMMAND, follow: true }));
    const { runId } = await jsonOf(response);
    const statuses = await statusesUntilEnd(server, runId);

    // Assert
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe(`/runs/${runId}`);
    expect(response.headers.get('preference-applied')).toBe('respond-async');
    expect(statuses.at(-1)).toBe('succeeded');
    expect(statuses).toContain('following');
    const run = await readRun(server, runId);
    expect(run).toMatchObject({ runId, status: 'succeeded', problem: null, callback: null });
    expect(run.importJob).toMatchObject({ id: 2, contactListId: 1, progressPercent: 100 });
    expect(server.sandbox.runRequests(1, 2)).toHaveLength(1);
  });

  it('calls back a real receiver once the job finished, signed so that standardwebhooks verifies it', {
    timeout: 40_000,
  }, async () => {
    // Act
    const { runId } = await jsonOf(
      await server.request('/imports/run', postAsync({ ...COMMAND, callbackUrl: receiver.url })),
    );
    const statuses = await statusesUntilEnd(server, runId);

    // Assert
    expect(statuses.at(-1)).toBe('succeeded');
    expect(receiver.deliveries).toHaveLength(1);
    const [delivery] = receiver.deliveries;
    const headers = Object.fromEntries(
      Object.entries(delivery?.headers ?? {}).map(([name, value]) => [name, String(value)]),
    );
    const event = new Webhook(DEMO_CALLBACK_SIGNING_SECRET).verify(delivery?.body ?? '', headers) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(event.type).toBe('import.finished');
    expect(event.data).toMatchObject({ runId, contactListId: 1, importJobId: 2, problem: null });
    expect(event.data.importJob).toMatchObject({ id: 2, progressPercent: 100 });
    expect(headers['webhook-id']).toBe(`${runId}.import.finished`);
    expect((await readRun(server, runId)).callback).toEqual({
      host: new URL(receiver.url).host,
      attempts: 1,
      lastStatus: 200,
    });
  });

  it('starts one execution for duplicates with one key, however many arrive at once', async () => {
    // Act
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        server.request('/imports/run', postAsync(COMMAND, { 'idempotency-key': 'e2e-duplicates' })),
      ),
    );
    const runIds = new Set(await Promise.all(answers.map(async (answer) => (await jsonOf(answer)).runId)));
    await server.idle();

    // Assert
    expect(answers.map(({ status }) => status)).toEqual(Array(8).fill(202));
    expect(runIds.size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true')).toHaveLength(7);
    expect(server.sandbox.runRequests(1, 2)).toHaveLength(1);
  });

  it('lets at most the cap of runs (5) reach a slow Which50 at once, and uses all of it', async () => {
    // Arrange
    server.sandbox.intercept(delayThenServe(300));
    const deliveries = Array.from({ length: 12 }, (_, index) => ({ ...COMMAND, customEvents: [`Queued${index}`] }));

    // Act
    const answers = await Promise.all(deliveries.map((body) => server.request('/imports/run', postAsync(body))));
    await server.idle();

    // Assert
    expect(answers.map(({ status }) => status)).toEqual(Array(12).fill(202));
    expect(server.sandbox.runRequests(1, 2)).toHaveLength(12);
    expect(server.sandbox.maxInFlight).toBe(5);
  });

  it('refuses a callback URL to a private address with 400, and runs nothing', async () => {
    // Act
    const response = await server.request(
      '/imports/run',
      postAsync({ ...COMMAND, callbackUrl: 'http://10.1.2.3/hook' }),
    );
    await server.idle();

    // Assert
    expect(response.status).toBe(400);
    expect(server.sandbox.runRequests()).toHaveLength(0);
  });

  it('answers another principal’s run with 404', async () => {
    // Arrange
    const { runId } = await jsonOf(await server.request('/imports/run', postAsync(COMMAND)));
    const signedRead = aStandardWebhook('', { secret: DEMO_INBOUND.standardWebhooksSecret });

    // Act
    const response = await server.request(`/runs/${runId}`, { headers: signedRead.headers });

    // Assert
    expect(response.status).toBe(404);
  });

  it('refuses a callbackUrl that only the query of a signed delivery gives (403), and runs nothing', async () => {
    // Arrange
    const delivery = aStandardWebhook(JSON.stringify(COMMAND), { secret: DEMO_INBOUND.standardWebhooksSecret });

    // Act
    const response = await server.request(
      `/imports/run?callbackUrl=${encodeURIComponent(receiver.url)}`,
      posted(delivery, { prefer: 'respond-async' }),
    );
    await server.idle();

    // Assert
    expect(response.status).toBe(403);
    expect(server.sandbox.runRequests()).toHaveLength(0);
  });
});
