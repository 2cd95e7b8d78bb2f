import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { respondWith, startRunThen } from '../../../dev/which50-sandbox-faults';
import {
  type AdapterHarness,
  jsonOf,
  type ProblemJson,
  postForm,
  postJson,
  startAdapterHarness,
} from '../../support/adapter-harness';

const RUN = { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] };

/** Headers carrying a fresh Idempotency-Key, one no other test uses. */
const aFreshKey = (): Record<string, string> => ({ 'idempotency-key': randomUUID() });

/** Holds every upstream run until the test opens the gate, so duplicates meet a run in progress. */
const holdRuns = (harness: AdapterHarness) => {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  harness.sandbox.intercept(async (_req, _res, request) => {
    if (request.endpoint === 'run') await opened;
    return false;
  });
  return { open };
};

const STORES = [
  { store: 'a DynamoDB table (dynalite on loopback, the AWS SDK talking to it)', idempotencyTable: true },
  { store: 'the local server’s memory', idempotencyTable: false },
];

describe.each(STORES)('idempotent runs with records in $store', ({ idempotencyTable }) => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness({ idempotencyTable });
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.sandbox.reset());

  it('answers a completed duplicate with the first answer again, marked idempotent-replayed', async () => {
    // Arrange
    const key = aFreshKey();
    const first = await harness.request('/imports/run', postJson(RUN, key));
    const firstBody = await first.text();

    // Act
    const duplicate = await harness.request('/imports/run', postJson(RUN, key));

    // Assert
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(duplicate.status).toBe(200);
    expect(duplicate.headers.get('idempotent-replayed')).toBe('true');
    expect(await duplicate.text()).toBe(firstBody);
    expect(harness.sandbox.runRequests()).toHaveLength(1);
  });

  it('lets exactly one of 20 concurrent duplicates reach the upstream; the others get 409 with Retry-After', async () => {
    // Arrange
    const key = aFreshKey();
    const gate = holdRuns(harness);
    const answers: Response[] = [];

    // Act
    const requests = Array.from({ length: 20 }, () =>
      harness.request('/imports/run', postJson(RUN, key)).then((response) => {
        answers.push(response);
      }),
    );
    await vi.waitFor(() => expect(answers).toHaveLength(19), { timeout: 15_000 });
    gate.open();
    await Promise.all(requests);

    // Assert
    const statuses = answers.map((response) => response.status);
    expect(statuses.slice(0, 19)).toEqual(Array(19).fill(409));
    expect(statuses[19]).toBe(200);
    expect(answers.slice(0, 19).every((response) => Number(response.headers.get('retry-after')) > 0)).toBe(true);
    const problem = await jsonOf<ProblemJson>(answers[0] as Response);
    expect(problem).toMatchObject({
      status: 409,
      title: 'Run in progress',
      requestId: answers[0]?.headers.get('x-request-id'),
    });
    expect(harness.sandbox.runRequests()).toHaveLength(1);
  });

  it('refuses the same key with another payload with 422, and runs nothing more', async () => {
    // Arrange
    const key = aFreshKey();
    await harness.request('/imports/run', postJson(RUN, key));

    // Act
    const response = await harness.request('/imports/run', postJson({ ...RUN, customEvents: ['SendInvite'] }, key));

    // Assert
    expect(response.status).toBe(422);
    expect(await jsonOf<ProblemJson>(response)).toMatchObject({ title: 'Idempotency key reused' });
    expect(harness.sandbox.runRequests()).toHaveLength(1);
  });

  it('judges the payload by what it asks for, so a retry sent as a form instead of JSON is the same run', async () => {
    // Arrange
    const key = aFreshKey();
    await harness.request('/imports/run', postJson(RUN, key));

    // Act
    const response = await harness.request(
      '/imports/run',
      postForm('contact_list_id=1&import_job_id=2&customEvents=SendWelcomeEmail', key),
    );

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('idempotent-replayed')).toBe('true');
  });

  it('does not let a run that certainly did not start poison its key: a retry after a 404 runs again', async () => {
    // Arrange
    const key = aFreshKey();
    harness.sandbox.interceptOnce(respondWith(404, { Message: 'not yet' }), 'run');
    const failed = await harness.request('/imports/run', postJson(RUN, key));

    // Act
    const retry = await harness.request('/imports/run', postJson(RUN, key));

    // Assert
    expect(failed.status).toBe(404);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(harness.sandbox.runRequests()).toHaveLength(2);
  });

  it('never sends a run again after a 500 whose run did not start: the retry is a 409 and no POST', async () => {
    // Arrange
    const key = aFreshKey();
    harness.sandbox.interceptOnce(respondWith(500, { Message: 'boom' }), 'run');
    const failed = await harness.request('/imports/run', postJson(RUN, key));

    // Act
    const retry = await harness.request('/imports/run', postJson(RUN, key));

    // Assert
    expect(failed.status).toBe(502);
    expect(retry.status).toBe(409);
    expect(retry.headers.get('retry-after')).toBe('30');
    expect(await jsonOf(retry)).toMatchObject({ title: 'Run outcome unknown', importJob: { id: 2 } });
    expect(harness.sandbox.runRequests()).toHaveLength(1);
  });

  it('answers a retry after a 500 whose run did start with the job, as a replay, and no POST', async () => {
    // Arrange
    const key = aFreshKey();
    harness.sandbox.interceptOnce(startRunThen(harness.sandbox, respondWith(500, { Message: 'boom' })), 'run');
    const failed = await harness.request('/imports/run', postJson(RUN, key));

    // Act
    const retry = await harness.request('/imports/run', postJson(RUN, key));
    const again = await harness.request('/imports/run', postJson(RUN, key));

    // Assert
    expect(failed.status).toBe(502);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await jsonOf(retry)).toMatchObject({ id: 2, currentStatus: 'Finished' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(harness.sandbox.runRequests()).toHaveLength(1);
    expect(harness.sandbox.requests.filter(({ endpoint }) => endpoint === 'status')).toHaveLength(1);
  });

  it('runs every request that carries no key', async () => {
    // Act
    const statuses = [
      (await harness.request('/imports/run', postJson(RUN))).status,
      (await harness.request('/imports/run', postJson(RUN))).status,
    ];

    // Assert
    expect(statuses).toEqual([200, 200]);
    expect(harness.sandbox.runRequests()).toHaveLength(2);
  });

  it('checks the credential of a duplicate like any request', async () => {
    // Arrange
    const key = aFreshKey();
    await harness.request('/imports/run', postJson(RUN, key));

    // Act
    const response = await harness.request('/imports/run', postJson(RUN, { ...key, 'x-api-key': 'not-the-key' }));

    // Assert
    expect(response.status).toBe(401);
  });
});

describe.each(STORES)('idempotency records in $store expire', ({ idempotencyTable }) => {
  const TTL_SECONDS = 1;
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness({ idempotencyTable, env: { IDEMPOTENCY_TTL_SECONDS: String(TTL_SECONDS) } });
  });
  afterAll(() => harness.close());

  it('runs a key again once IDEMPOTENCY_TTL_SECONDS has passed', async () => {
    // Arrange
    const key = aFreshKey();
    await harness.request('/imports/run', postJson(RUN, key));
    await sleep(TTL_SECONDS * 1000 + 700);

    // Act
    const again = await harness.request('/imports/run', postJson(RUN, key));

    // Assert
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(harness.sandbox.runRequests()).toHaveLength(2);
  });
});

describe('the deployed function with IDEMPOTENCY_TABLE_NAME', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness({ idempotencyTable: true });
  });
  afterAll(() => harness.close());

  it('keeps its records in that table', async () => {
    // Arrange
    const dynamoDb = harness.dynamoDb;
    if (dynamoDb === undefined) throw new Error('the harness started no DynamoDB');

    // Act
    await harness.request('/imports/run', postJson(RUN, aFreshKey()));

    // Assert
    const { Items } = await dynamoDb.client.send(new ScanCommand({ TableName: dynamoDb.tableName }));
    expect(Items?.map((item) => item.status?.S)).toEqual(['COMPLETED']);
  });

  it('writes nothing to the table for a request without a key', async () => {
    // Arrange
    const dynamoDb = harness.dynamoDb;
    if (dynamoDb === undefined) throw new Error('the harness started no DynamoDB');
    const { Count: before } = await dynamoDb.client.send(new ScanCommand({ TableName: dynamoDb.tableName }));

    // Act
    await harness.request('/imports/run', postJson(RUN));

    // Assert
    const { Count: after } = await dynamoDb.client.send(new ScanCommand({ TableName: dynamoDb.tableName }));
    expect(after).toBe(before);
  });
});
