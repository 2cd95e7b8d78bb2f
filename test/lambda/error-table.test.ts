import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { respondWith } from '../../dev/which50-sandbox-faults';
import {
  type AdapterHarness,
  jsonOf,
  type ProblemJson,
  postJson,
  startAdapterHarness,
  withApiKey,
} from '../support/adapter-harness';
import { closedPort } from '../support/hanging-endpoint';

const RUN = { contactListId: 1, importJobId: 2 };

/** Reads a problem answer and checks what every problem must have: its media type, five members, the request id. */
const readProblem = async (response: Response): Promise<ProblemJson> => {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = await jsonOf<ProblemJson>(response);
  expect(problem).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status: response.status,
      detail: expect.any(String),
      requestId: response.headers.get('x-request-id'),
    }),
  );
  return problem;
};

describe('problem answers', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness({ env: { SECRET_CACHE_SECONDS: '0' } });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.sandbox.reset();
    harness.putSecret(harness.defaultSecret());
  });

  describe('400', () => {
    it('refuses malformed JSON', async () => {
      const response = await harness.request('/imports/run', postJson('{"contactListId":1,'));

      expect(response.status).toBe(400);
      expect((await readProblem(response)).detail).toMatch(/JSON/);
    });

    it('refuses a JSON body that is not an object', async () => {
      const response = await harness.request('/imports/run', postJson('[1,2]'));

      expect(response.status).toBe(400);
      await readProblem(response);
    });

    it('lists every missing or invalid id at once', async () => {
      const response = await harness.request('/imports/run', postJson({ contactListId: 0 }));

      expect(response.status).toBe(400);
      const problem = await readProblem(response);
      expect(problem.errors?.map((error) => error.field)).toEqual(['contactListId', 'importJobId']);
    });

    it('refuses an id beyond 2147483647', async () => {
      const response = await harness.request('/imports/run', postJson({ contactListId: 2147483648, importJobId: 2 }));

      expect(response.status).toBe(400);
      expect((await readProblem(response)).errors?.[0]?.field).toBe('contactListId');
    });

    it('refuses an event name with a control character', async () => {
      const response = await harness.request('/imports/run', postJson({ ...RUN, customEvents: ['Bad\u0007Name'] }));

      expect(response.status).toBe(400);
      expect((await readProblem(response)).errors?.[0]?.field).toBe('customEvents');
    });

    it('refuses more than 50 distinct event names', async () => {
      const names = Array.from({ length: 51 }, (_, index) => `Event${index}`);

      const response = await harness.request('/imports/run', postJson({ ...RUN, customEvents: names }));

      expect(response.status).toBe(400);
      await readProblem(response);
    });

    it('refuses a path id that clashes with the body', async () => {
      const response = await harness.request('/contact-lists/1/imports/2/run', postJson({ importJobId: 3 }));

      expect(response.status).toBe(400);
      expect((await readProblem(response)).errors?.[0]?.field).toBe('importJobId');
    });

    it('refuses a non-numeric path id without calling the upstream', async () => {
      const response = await harness.request('/contact-lists/abc/imports/2', { headers: withApiKey() });

      expect(response.status).toBe(400);
      await readProblem(response);
      expect(harness.sandbox.requestCount).toBe(0);
    });

    it('runs nothing upstream when the payload is refused', async () => {
      await harness.request('/imports/run', postJson({ contactListId: 'x', importJobId: 2 }));

      expect(harness.sandbox.runRequests()).toHaveLength(0);
    });
  });

  describe('401', () => {
    it('refuses a request without a credential', async () => {
      const response = await harness.request('/imports/run', { method: 'POST', body: JSON.stringify(RUN) });

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      await readProblem(response);
    });

    it('refuses a wrong API key', async () => {
      const response = await harness.request('/imports/run', postJson(RUN, { 'x-api-key': 'not-the-key' }));

      expect(response.status).toBe(401);
      await readProblem(response);
    });

    it('checks the credential before the payload', async () => {
      const response = await harness.request('/imports/run', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hello',
      });

      expect(response.status).toBe(401);
    });

    it('lets nothing in when the secret enables no inbound scheme', async () => {
      harness.putSecret({ which50: harness.defaultSecret().which50 });

      const response = await harness.request('/contact-lists/1/imports/2', { headers: withApiKey() });

      expect(response.status).toBe(401);
      expect(harness.sandbox.requestCount).toBe(0);
    });
  });

  describe('404 and 405', () => {
    it('answers 404 for an unknown route', async () => {
      const response = await harness.request('/nowhere', { headers: withApiKey() });

      expect(response.status).toBe(404);
      await readProblem(response);
    });

    it('answers 405 with Allow for a known route and another method', async () => {
      const response = await harness.request('/imports/run', { method: 'GET', headers: withApiKey() });

      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      await readProblem(response);
    });

    it('answers 404 when Which50 has no such list or job', async () => {
      const response = await harness.request('/imports/run', postJson({ contactListId: 1, importJobId: 999 }));

      expect(response.status).toBe(404);
      await readProblem(response);
    });
  });

  describe('413 and 415', () => {
    it('refuses a body over 64 KiB before checking the credential', async () => {
      const response = await harness.request('/imports/run', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...RUN, padding: 'x'.repeat(64 * 1024) }),
      });

      expect(response.status).toBe(413);
      await readProblem(response);
    });

    it('refuses a body of an unsupported media type', async () => {
      const response = await harness.request('/imports/run', {
        method: 'POST',
        headers: withApiKey({ 'content-type': 'text/plain' }),
        body: 'contactListId=1',
      });

      expect(response.status).toBe(415);
      await readProblem(response);
    });
  });

  describe('upstream refusals and failures', () => {
    it.each([400, 409, 417, 422])('answers 422 with the upstream message when Which50 answers %i', async (status) => {
      harness.sandbox.interceptOnce(respondWith(status, { Message: `refused with ${status}` }), 'run');

      const response = await harness.request('/imports/run', postJson(RUN));

      expect(response.status).toBe(422);
      expect((await readProblem(response)).detail).toBe(`refused with ${status}`);
    });

    it('cuts a long upstream message to 500 characters', async () => {
      harness.sandbox.interceptOnce(respondWith(400, { Message: 'm'.repeat(2_000) }), 'run');

      const response = await harness.request('/imports/run', postJson(RUN));

      expect((await readProblem(response)).detail).toHaveLength(500);
    });

    it.each([403, 500, 502, 418])('answers 502 when Which50 answers %i, and does not resend', async (status) => {
      harness.sandbox.interceptOnce(respondWith(status, { Message: 'no' }), 'run');

      const response = await harness.request('/imports/run', postJson(RUN));

      expect(response.status).toBe(502);
      await readProblem(response);
      expect(harness.sandbox.runRequests()).toHaveLength(1);
    });

    it('answers 502 for a malformed success answer', async () => {
      harness.sandbox.interceptOnce(respondWith(200, '{"Id":', { 'Content-Type': 'application/json' }), 'run');

      const response = await harness.request('/imports/run', postJson(RUN));

      expect(response.status).toBe(502);
      await readProblem(response);
    });

    it('answers 502 for a success answer without the ids', async () => {
      harness.sandbox.interceptOnce(respondWith(200, { CurrentStatus: 'Finished' }), 'run');

      const response = await harness.request('/imports/run', postJson(RUN));

      expect(response.status).toBe(502);
    });

    it('normalizes an XML answer like a JSON one', async () => {
      const xml =
        '<ImportJob xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/W50API.Models.DTO">' +
        '<ContactListId>1</ContactListId><CurrentStatus> Queued </CurrentStatus><FinishDate i:nil="true"/><Id>2</Id>' +
        '<StartDate>2024-12-27T18:22:13.6436850</StartDate></ImportJob>';
      harness.sandbox.interceptOnce(respondWith(200, xml, { 'Content-Type': 'application/xml; charset=utf-8' }), 'run');

      const response = await harness.request('/imports/run', postJson(RUN));

      expect(response.status).toBe(200);
      expect(await jsonOf(response)).toMatchObject({
        id: 2,
        contactListId: 1,
        currentStatus: 'Queued',
        startDate: '2024-12-27T18:22:13.643Z',
        finishDate: null,
        totalContacts: null,
      });
    });
  });

  describe('upstream credentials', () => {
    it('answers 502 when the upstream still answers 401 after the refresh', async () => {
      harness.sandbox.setAuth({ scheme: 'bearer', token: 'a-token-nobody-has' });

      const response = await harness.request('/imports/run', postJson(RUN));

      expect(response.status).toBe(502);
      expect(harness.sandbox.runRequests()).toHaveLength(2);
    });
  });

  describe('500 for a broken secret', () => {
    it('names the missing field and never a value', async () => {
      const token = 'distinctive-upstream-token-value';
      harness.putSecret({
        which50: { baseUrl: harness.sandbox.baseUrl, auth: { scheme: 'bearer' } },
        inbound: { apiKeys: [token] },
      });

      const response = await harness.request('/imports/run', postJson(RUN, { 'x-api-key': token }));

      expect(response.status).toBe(500);
      const problem = await readProblem(response);
      expect(problem.detail).toContain('which50.auth.token');
      expect(JSON.stringify(problem)).not.toContain(token);
    });
  });

  it('carries x-request-id on success too', async () => {
    const response = await harness.request('/imports/run', postJson(RUN));

    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('503: Which50 or a dependency unavailable (each row in a fresh execution environment)', () => {
  let harness: AdapterHarness;

  afterEach(() => harness.close());

  it('answers 503 upstream-unavailable with Retry-After after exactly three run requests when Which50 answers 429 throughout', async () => {
    harness = await startAdapterHarness();
    harness.sandbox.intercept(respondWith(429, { Message: 'Slow down' }));

    const response = await harness.request('/imports/run', postJson(RUN));

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect((await readProblem(response)).type).toBe('urn:which50-import-webhook:problem:upstream-unavailable');
    expect(harness.sandbox.runRequests()).toHaveLength(3);
  });

  it('answers 503 upstream-unavailable with the seconds left, without a request, while the circuit is open', async () => {
    harness = await startAdapterHarness({
      env: { CIRCUIT_BREAKER_THRESHOLD: '1', CIRCUIT_BREAKER_OPEN_SECONDS: '30' },
    });
    harness.sandbox.intercept(respondWith(503, { Message: 'Service Unavailable' }));
    await harness.request('/imports/run', postJson(RUN));
    const before = harness.sandbox.requestCount;

    const response = await harness.request('/imports/run', postJson(RUN));

    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect((await readProblem(response)).title).toBe('Upstream unavailable');
    expect(harness.sandbox.requestCount).toBe(before);
  });

  it('answers 503 with Retry-After when Secrets Manager fails and no secret is in memory', async () => {
    harness = await startAdapterHarness();
    harness.secrets.failNext('ServiceUnavailable', 503, 10);

    const response = await harness.request('/imports/run', postJson(RUN));

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    await readProblem(response);
    expect(harness.sandbox.requestCount).toBe(0);
  });

  it('answers 503 with Retry-After, running nothing, when a keyed run’s idempotency store cannot be reached', async () => {
    harness = await startAdapterHarness({
      env: {
        IDEMPOTENCY_TABLE_NAME: 'unreachable',
        AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${await closedPort()}`,
      },
    });

    const response = await harness.request('/imports/run', postJson(RUN, { 'idempotency-key': 'store-down-1' }));

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    await readProblem(response);
    expect(harness.sandbox.runRequests()).toHaveLength(0);
  });
});
