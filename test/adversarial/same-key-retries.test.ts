import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHook, Which50Sandbox } from '../../dev/which50-sandbox';
import {
  destroySocket,
  hangBeforeHeaders,
  respondWith,
  type SandboxResponder,
  startRunThen,
} from '../../dev/which50-sandbox-faults';
import { type AdapterHarness, jsonOf, postJson, startAdapterHarness } from '../support/adapter-harness';
import { capturePrintedOutput } from '../support/log-lines';

/*
 * The fault table's last column: what a retry with the same idempotency key does after each way
 * the first attempt can fail. A certain non-run releases the key (the retry runs); an unknown fate
 * keeps it (the retry never POSTs: it reads the job's status, and answers the job as a replay when
 * its start date shows the run, else 409). Each row counts the POSTs and the runs that happened.
 */

interface Row {
  readonly fault: string;
  readonly hook: (sandbox: Which50Sandbox) => SandboxHook;
  readonly firstStatus: number;
  readonly retryStatus: number;
  /** POSTs that reached the sandbox over both attempts. */
  readonly posts: number;
  /** Whether the job ran (its start date set) by the end. */
  readonly ran: boolean;
}

const notStarted = (responder: SandboxResponder) => () => responder;
const started = (responder: SandboxResponder) => (sandbox: Which50Sandbox) => startRunThen(sandbox, responder);

const ROWS: readonly Row[] = [
  {
    fault: 'Which50 404',
    hook: notStarted(respondWith(404, { Message: 'no' })),
    firstStatus: 404,
    retryStatus: 200,
    posts: 2,
    ran: true,
  },
  {
    fault: 'Which50 400 (refused)',
    hook: notStarted(respondWith(400, { Message: 'no' })),
    firstStatus: 422,
    retryStatus: 200,
    posts: 2,
    ran: true,
  },
  {
    fault: 'Which50 403',
    hook: notStarted(respondWith(403, { Message: 'no' })),
    firstStatus: 502,
    retryStatus: 200,
    posts: 2,
    ran: true,
  },
  {
    fault: '429 with a Retry-After beyond the deadline',
    hook: notStarted(respondWith(429, { Message: 'slow' }, { 'Retry-After': '600' })),
    firstStatus: 503,
    retryStatus: 200,
    posts: 2,
    ran: true,
  },
  {
    fault: '503 with a Retry-After beyond the deadline',
    hook: notStarted(respondWith(503, 'down', { 'Retry-After': '600' })),
    firstStatus: 503,
    retryStatus: 200,
    posts: 2,
    ran: true,
  },
  {
    fault: '500 before starting',
    hook: notStarted(respondWith(500, { Message: 'boom' })),
    firstStatus: 502,
    retryStatus: 409,
    posts: 1,
    ran: false,
  },
  {
    fault: '500 after starting',
    hook: started(respondWith(500, { Message: 'boom' })),
    firstStatus: 502,
    retryStatus: 200,
    posts: 1,
    ran: true,
  },
  {
    fault: '502 after starting',
    hook: started(respondWith(502, 'Bad Gateway')),
    firstStatus: 502,
    retryStatus: 200,
    posts: 1,
    ran: true,
  },
  {
    fault: '504 before starting',
    hook: notStarted(respondWith(504, 'Gateway Timeout')),
    firstStatus: 502,
    retryStatus: 409,
    posts: 1,
    ran: false,
  },
  {
    fault: 'timeout after sending, run started',
    hook: started(hangBeforeHeaders()),
    firstStatus: 504,
    retryStatus: 200,
    posts: 1,
    ran: true,
  },
  {
    fault: 'timeout after sending, not started',
    hook: notStarted(hangBeforeHeaders()),
    firstStatus: 504,
    retryStatus: 409,
    posts: 1,
    ran: false,
  },
  {
    fault: 'reset after sending, run started',
    hook: started(destroySocket()),
    firstStatus: 502,
    retryStatus: 200,
    posts: 1,
    ran: true,
  },
  {
    fault: 'a 200 with a malformed body',
    hook: started(respondWith(200, '{"Id":', { 'Content-Type': 'application/json' })),
    firstStatus: 502,
    retryStatus: 200,
    posts: 1,
    ran: true,
  },
];

describe.each([
  { store: 'the local server’s memory', idempotencyTable: false },
  { store: 'a DynamoDB table (dynalite)', idempotencyTable: true },
])('a same-key retry, records in $store', ({ idempotencyTable }) => {
  let harness: AdapterHarness;
  let nextJobId = 500;

  beforeAll(async () => {
    harness = await startAdapterHarness({
      idempotencyTable,
      env: { UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_DEADLINE_MS: '1500' },
    });
  });

  afterAll(async () => {
    await harness.close();
  });

  it.each(ROWS)('after $fault: first $firstStatus, retry $retryStatus', async (row) => {
    // Arrange: a job of its own, so that no other run's start date can settle this one
    nextJobId += 1;
    const { importJobId } = harness.sandbox.addImportJob(1, { importJobId: nextJobId });
    const body = { contactListId: 1, importJobId };
    const key = { 'idempotency-key': randomUUID() };
    harness.sandbox.interceptOnce(row.hook(harness.sandbox), 'run');
    const first = await harness.request('/imports/run', postJson(body, key));

    // Act
    const retry = await harness.request('/imports/run', postJson(body, key));

    // Assert
    expect(first.status).toBe(row.firstStatus);
    expect(retry.status).toBe(row.retryStatus);
    expect(harness.sandbox.runRequests(1, importJobId)).toHaveLength(row.posts);
    expect(harness.sandbox.getImportJob(1, importJobId)?.customEventRuns.length).toBe(row.ran ? 1 : 0);
    if (row.retryStatus === 200) {
      expect(retry.headers.get('idempotent-replayed')).toBe(row.posts === 1 ? 'true' : null);
      expect(await jsonOf(retry)).toMatchObject({ id: importJobId, currentStatus: 'Finished' });
    } else {
      expect(retry.headers.get('retry-after')).toBe('30');
      expect(await jsonOf(retry)).toMatchObject({ title: 'Run outcome unknown', importJob: { id: importJobId } });
    }
  });

  it('answers a third attempt after a settled unknown outcome from the record, reading nothing', async () => {
    // Arrange
    nextJobId += 1;
    const { importJobId } = harness.sandbox.addImportJob(1, { importJobId: nextJobId });
    const body = { contactListId: 1, importJobId };
    const key = { 'idempotency-key': randomUUID() };
    harness.sandbox.interceptOnce(startRunThen(harness.sandbox, respondWith(500, 'boom')), 'run');
    await harness.request('/imports/run', postJson(body, key));
    await harness.request('/imports/run', postJson(body, key));
    const requestsBefore = harness.sandbox.requestCount;

    // Act
    const third = await harness.request('/imports/run', postJson(body, key));

    // Assert
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    expect(harness.sandbox.requestCount).toBe(requestsBefore);
  });

  it('keeps refusing, without a POST, while the job’s status cannot be read', async () => {
    // Arrange
    nextJobId += 1;
    const { importJobId } = harness.sandbox.addImportJob(1, { importJobId: nextJobId });
    const body = { contactListId: 1, importJobId };
    const key = { 'idempotency-key': randomUUID() };
    harness.sandbox.interceptOnce(respondWith(500, 'boom'), 'run');
    await harness.request('/imports/run', postJson(body, key));
    const removeHook = harness.sandbox.intercept((_req, res, request) =>
      request.endpoint === 'status' ? respondWith(500, 'boom')(_req, res) : false,
    );

    // Act
    const retry = await harness.request('/imports/run', postJson(body, key));
    removeHook();

    // Assert
    expect(retry.status).toBe(409);
    expect(await jsonOf(retry)).not.toHaveProperty('importJob');
    expect(harness.sandbox.runRequests(1, importJobId)).toHaveLength(1);
  });

  it('says so in the outcome lines: the first kept its key unknown, the refused retry counts RunOutcomeUnknown', async () => {
    // Arrange
    nextJobId += 1;
    const { importJobId } = harness.sandbox.addImportJob(1, { importJobId: nextJobId });
    const body = { contactListId: 1, importJobId };
    const key = { 'idempotency-key': randomUUID() };
    harness.sandbox.interceptOnce(respondWith(500, 'boom'), 'run');
    const output = capturePrintedOutput();

    // Act
    await harness.request('/imports/run', postJson(body, key));
    await harness.request('/imports/run', postJson(body, key));

    // Assert
    const [first, retry] = output.outcomes().slice(-2);
    const metrics = output.metricSets().at(-1);
    output.restore();
    expect(first).toMatchObject({ status: 502, idempotency: 'kept-unknown' });
    expect(retry).toMatchObject({ status: 409, idempotency: 'outcome-unknown', failureClass: 'idempotency' });
    expect(metrics).toMatchObject({ RunOutcomeUnknown: 1 });
  });
});
