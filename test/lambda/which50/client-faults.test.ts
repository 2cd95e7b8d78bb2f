import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, demoSecret } from '../../../dev/demo-secret';
import {
  destroySocket,
  hangBeforeHeaders,
  hangMidBody,
  respondWith,
  type SandboxResponder,
} from '../../../dev/which50-sandbox-faults';
import { type AdapterHarness, type ProblemJson, postJson, startAdapterHarness } from '../../support/adapter-harness';
import { anApiGatewayEvent } from '../../support/factories';
import { closedPort } from '../../support/hanging-endpoint';
import { capturePrintedOutput, type PrintedOutput } from '../../support/log-lines';

/** Short limits, so that the whole table runs in seconds; the production defaults are 10 s and 25 s. */
const ATTEMPT_TIMEOUT_MS = 300;
const DEADLINE_MS = 1_500;
/** What an answer may take beyond the deadline: the adapter's own work and two local hops. */
const SLACK_MS = 250;
/**
 * Every row of the main table starts with the circuit breaker closed, so its threshold is set out
 * of reach here; the breaker's own rows (circuit-breaker-faults.test.ts) use a low one.
 */
const LIMITS = {
  UPSTREAM_TIMEOUT_MS: String(ATTEMPT_TIMEOUT_MS),
  UPSTREAM_DEADLINE_MS: String(DEADLINE_MS),
  CIRCUIT_BREAKER_THRESHOLD: '1000',
};
/** The most run requests one delivery may make, whatever Which50 answers. */
const ATTEMPT_BUDGET = 3;

const RUN = { contactListId: 1, importJobId: 2 };
const MIB = 1024 * 1024;
const XML_IMPORT_JOB =
  '<ImportJob xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/W50API.Models.DTO">' +
  '<ContactListId>1</ContactListId><CurrentStatus>Queued</CurrentStatus><FinishDate i:nil="true"/><Id>2</Id></ImportJob>';

/** What the caller saw, and what the upstream saw, for one request through the adapter. */
interface Exchange {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
  readonly elapsedMs: number;
  readonly runRequests: number;
}

/** A responder that declares a body over the cap, sends a little of it and stalls: only reading the header can refuse it in time. */
const declaresHugeBody = (): SandboxResponder => (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(2 * MIB) });
  res.write('{"Id":2,');
  return true;
};

/** A responder that streams a chunked body that never ends: only counting bytes can refuse it. */
const endlessBody = (): SandboxResponder => (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
  return true;
};

/** Checks what every problem answer carries: its media type, the five members, the request id. */
const expectProblem = (exchange: Exchange, status: number): ProblemJson => {
  expect(exchange.status).toBe(status);
  expect(exchange.headers.get('content-type')).toBe('application/problem+json');
  expect(exchange.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      requestId: exchange.headers.get('x-request-id'),
    }),
  );
  return exchange.body as unknown as ProblemJson;
};

const expectWithinDeadline = (exchange: Exchange): void => {
  expect(exchange.elapsedMs).toBeLessThanOrEqual(DEADLINE_MS + SLACK_MS);
};

describe('the Which50 client under upstream faults (one test per row)', () => {
  let harness: AdapterHarness;

  /** Posts a run through the adapter over HTTP and times it. */
  const runThroughAdapter = async (payload: unknown = RUN): Promise<Exchange> => {
    const started = performance.now();
    const response = await harness.request('/imports/run', postJson(payload));
    const body = (await response.json()) as Record<string, unknown>;
    return {
      status: response.status,
      headers: response.headers,
      body,
      elapsedMs: performance.now() - started,
      runRequests: harness.sandbox.runRequests().length,
    };
  };

  /** Makes every run request (not status reads) meet `responder`. */
  const onEveryRun = (responder: SandboxResponder): void => {
    harness.sandbox.intercept((req, res, request) => (request.endpoint === 'run' ? responder(req, res) : false));
  };

  const jobHasRun = (): boolean => (harness.sandbox.getImportJob(1, 2)?.customEventRuns.length ?? 0) > 0;

  beforeAll(async () => {
    harness = await startAdapterHarness({ env: LIMITS });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.sandbox.reset();
    harness.putSecret(harness.defaultSecret());
  });

  describe('answers', () => {
    it('200 JSON: answers 200 with the normalized job, after one run request', async () => {
      const exchange = await runThroughAdapter();

      expect(exchange.status).toBe(200);
      expect(exchange.body).toMatchObject({ id: 2, contactListId: 1, currentStatus: 'Finished' });
      expect(exchange.runRequests).toBe(1);
      expectWithinDeadline(exchange);
    });

    it('200 XML: answers 200 with the same normalized job, after one run request', async () => {
      harness.sandbox.interceptOnce(
        respondWith(200, XML_IMPORT_JOB, { 'Content-Type': 'application/xml; charset=utf-8' }),
        'run',
      );

      const exchange = await runThroughAdapter();

      expect(exchange.status).toBe(200);
      expect(exchange.body).toMatchObject({ id: 2, contactListId: 1, currentStatus: 'Queued', finishDate: null });
      expect(exchange.runRequests).toBe(1);
    });

    it('200 malformed: answers 502 and does not resend', async () => {
      harness.sandbox.interceptOnce(
        respondWith(200, '{"Id":2,"Contact', { 'Content-Type': 'application/json' }),
        'run',
      );

      const exchange = await runThroughAdapter();

      expect(expectProblem(exchange, 502).detail).toMatch(/could not be parsed/);
      expect(exchange.runRequests).toBe(1);
    });

    it('200 empty: answers 502 and does not resend', async () => {
      harness.sandbox.interceptOnce(respondWith(200, '', { 'Content-Type': 'application/json' }), 'run');

      const exchange = await runThroughAdapter();

      expect(expectProblem(exchange, 502).detail).toMatch(/empty body/);
      expect(exchange.runRequests).toBe(1);
    });

    it('wrong Content-Type: answers 502 naming the media type, and does not resend', async () => {
      harness.sandbox.interceptOnce(
        respondWith(200, '<html>maintenance</html>', { 'Content-Type': 'text/html' }),
        'run',
      );

      const exchange = await runThroughAdapter();

      expect(expectProblem(exchange, 502).detail).toContain('text/html');
      expect(exchange.runRequests).toBe(1);
    });
  });

  describe('credentials', () => {
    it('401 then success after secret rotation: reloads the secret once and answers 200 after two run requests', async () => {
      await runThroughAdapter();
      harness.sandbox.reset();
      const rotated = { scheme: 'bearer' as const, token: 'rotated-upstream-token-4711' };
      harness.sandbox.setAuth(rotated);
      harness.putSecret(demoSecret(harness.sandbox.baseUrl, rotated));
      const fetchesBefore = harness.secrets.fetches;

      const exchange = await runThroughAdapter();

      expect(exchange.status).toBe(200);
      expect(exchange.runRequests).toBe(2);
      expect(harness.secrets.fetches).toBe(fetchesBefore + 1);
    });

    it('401 twice: answers 502 after exactly two run requests', async () => {
      harness.sandbox.setAuth({ scheme: 'bearer', token: 'a-token-the-secret-does-not-hold' });

      const exchange = await runThroughAdapter();

      expect(expectProblem(exchange, 502)).toMatchObject({ upstreamStatus: 401 });
      expect(exchange.runRequests).toBe(2);
    });

    it('403: answers 502 without reloading the secret or resending', async () => {
      harness.sandbox.interceptOnce(respondWith(403, { Message: 'Forbidden' }), 'run');
      const fetchesBefore = harness.secrets.fetches;

      const exchange = await runThroughAdapter();

      expect(expectProblem(exchange, 502)).toMatchObject({ upstreamStatus: 403 });
      expect(exchange.runRequests).toBe(1);
      expect(harness.secrets.fetches).toBe(fetchesBefore);
    });
  });

  it('404: answers 404 after one run request', async () => {
    const exchange = await runThroughAdapter({ contactListId: 1, importJobId: 999 });

    expectProblem(exchange, 404);
    expect(exchange.runRequests).toBe(1);
  });

  describe('throttling (429)', () => {
    it('429 with Retry-After: waits as asked, then answers 200 after two run requests', async () => {
      harness.sandbox.interceptOnce(respondWith(429, { Message: 'Slow down' }, { 'Retry-After': '1' }), 'run');

      const exchange = await runThroughAdapter();

      expect(exchange.status).toBe(200);
      expect(exchange.runRequests).toBe(2);
      expect(exchange.elapsedMs).toBeGreaterThanOrEqual(1_000);
      expectWithinDeadline(exchange);
    });

    it('429 with Retry-After as an HTTP date: waits until then, then answers 200', async () => {
      const withinTheDeadline = new Date(Math.floor((Date.now() + 1_200) / 1_000) * 1_000).toUTCString();
      harness.sandbox.interceptOnce(
        respondWith(429, { Message: 'Slow down' }, { 'Retry-After': withinTheDeadline }),
        'run',
      );

      const exchange = await runThroughAdapter();

      expect(exchange.status).toBe(200);
      expect(exchange.runRequests).toBe(2);
      expectWithinDeadline(exchange);
    });

    it('429 with a Retry-After beyond the deadline: answers 503 at once, passing the wait on', async () => {
      harness.sandbox.interceptOnce(respondWith(429, { Message: 'Slow down' }, { 'Retry-After': '60' }), 'run');

      const exchange = await runThroughAdapter();

      expectProblem(exchange, 503);
      expect(exchange.headers.get('retry-after')).toBe('60');
      expect(exchange.runRequests).toBe(1);
      expect(exchange.elapsedMs).toBeLessThan(DEADLINE_MS / 2);
    });

    it('429 without Retry-After, once: backs off, then answers 200 after two run requests', async () => {
      harness.sandbox.interceptOnce(respondWith(429, { Message: 'Slow down' }), 'run');

      const exchange = await runThroughAdapter();

      expect(exchange.status).toBe(200);
      expect(exchange.runRequests).toBe(2);
      expectWithinDeadline(exchange);
    });

    it('429 without Retry-After, persistently: answers 503 with Retry-After at once, after exactly three run requests, and nothing ran', async () => {
      onEveryRun(respondWith(429, { Message: 'Slow down' }));

      const exchange = await runThroughAdapter();

      expect(expectProblem(exchange, 503).detail).toContain('429');
      expect(exchange.headers.get('retry-after')).toBe('1');
      expect(exchange.runRequests).toBe(ATTEMPT_BUDGET);
      expect(jobHasRun()).toBe(false);
      expect(exchange.elapsedMs).toBeLessThan(DEADLINE_MS / 2);
    });

    it('429 with a Retry-After that fits, persistently: answers 503 passing the wait on, after exactly three run requests', async () => {
      onEveryRun(respondWith(429, { Message: 'Slow down' }, { 'Retry-After': '0' }));

      const exchange = await runThroughAdapter();

      expectProblem(exchange, 503);
      expect(exchange.headers.get('retry-after')).toBe('1');
      expect(exchange.runRequests).toBe(ATTEMPT_BUDGET);
      expect(jobHasRun()).toBe(false);
    });

    it('429 with a Retry-After that fits once only: answers 503 when the next wait does not fit, after two run requests', async () => {
      onEveryRun(respondWith(429, { Message: 'Slow down' }, { 'Retry-After': '1' }));

      const exchange = await runThroughAdapter();

      expectProblem(exchange, 503);
      expect(exchange.headers.get('retry-after')).toBe('1');
      expect(exchange.runRequests).toBe(2);
      expectWithinDeadline(exchange);
    });

    it('401, then 429 persistently: the refreshed attempt counts, three run requests in all', async () => {
      harness.sandbox.interceptOnce(respondWith(401, { Message: 'Authorization has been denied' }), 'run');
      onEveryRun(respondWith(429, { Message: 'Slow down' }));
      const fetchesBefore = harness.secrets.fetches;

      const exchange = await runThroughAdapter();

      expectProblem(exchange, 503);
      expect(exchange.runRequests).toBe(ATTEMPT_BUDGET);
      expect(harness.secrets.fetches).toBe(fetchesBefore + 1);
    });
  });

  describe('server errors', () => {
    it.each([500, 502, 504])('%i: answers 502 and does not resend, since the run may have started', async (status) => {
      harness.sandbox.interceptOnce(respondWith(status, { Message: 'An error has occurred.' }), 'run');

      const exchange = await runThroughAdapter();

      expect(expectProblem(exchange, 502)).toMatchObject({ upstreamStatus: status });
      expect(exchange.runRequests).toBe(1);
    });

    it('503 then success: answers 200 after two run requests', async () => {
      harness.sandbox.interceptOnce(respondWith(503, { Message: 'Service Unavailable' }), 'run');

      const exchange = await runThroughAdapter();

      expect(exchange.status).toBe(200);
      expect(exchange.runRequests).toBe(2);
      expect(jobHasRun()).toBe(true);
    });

    it('503 persistently: answers 503 with Retry-After at once, after exactly three run requests, and nothing ran', async () => {
      onEveryRun(respondWith(503, { Message: 'Service Unavailable' }));

      const exchange = await runThroughAdapter();

      expect(expectProblem(exchange, 503).detail).toContain('503');
      expect(exchange.headers.get('retry-after')).toBe('1');
      expect(exchange.runRequests).toBe(ATTEMPT_BUDGET);
      expect(jobHasRun()).toBe(false);
      expect(exchange.elapsedMs).toBeLessThan(DEADLINE_MS / 2);
    });

    it('503 with Retry-After until the deadline: answers 503 after exactly two run requests', async () => {
      onEveryRun(respondWith(503, { Message: 'Service Unavailable' }, { 'Retry-After': '1' }));

      const exchange = await runThroughAdapter();

      expectProblem(exchange, 503);
      expect(exchange.headers.get('retry-after')).toBe('1');
      expect(exchange.runRequests).toBe(2);
      expectWithinDeadline(exchange);
    });
  });

  describe('a run whose fate is unknown', () => {
    it('hang before headers: answers 504 with the status read afterwards, after one run request', async () => {
      harness.sandbox.interceptOnce(hangBeforeHeaders(), 'run');

      const exchange = await runThroughAdapter();

      const problem = expectProblem(exchange, 504);
      expect(problem.importJob).toMatchObject({ id: 2, contactListId: 1, currentStatus: 'Created' });
      expect(exchange.runRequests).toBe(1);
      expect(exchange.elapsedMs).toBeGreaterThanOrEqual(ATTEMPT_TIMEOUT_MS);
      expectWithinDeadline(exchange);
    });

    it('hang mid-body: answers 504 with the status read afterwards, after one run request', async () => {
      harness.sandbox.interceptOnce(hangMidBody(), 'run');

      const exchange = await runThroughAdapter();

      expect(expectProblem(exchange, 504).importJob).toMatchObject({ id: 2, contactListId: 1 });
      expect(exchange.runRequests).toBe(1);
      expect(exchange.elapsedMs).toBeGreaterThanOrEqual(ATTEMPT_TIMEOUT_MS);
      expectWithinDeadline(exchange);
    });

    it('hang, and the status cannot be read either: answers 504 without importJob, within the deadline', async () => {
      harness.sandbox.intercept(hangBeforeHeaders());

      const exchange = await runThroughAdapter();

      const problem = expectProblem(exchange, 504);
      expect(problem).not.toHaveProperty('importJob');
      expect(exchange.runRequests).toBe(1);
      const statusReads = harness.sandbox.requests.filter((request) => request.endpoint === 'status').length;
      expect(statusReads).toBeGreaterThanOrEqual(1);
      expect(statusReads).toBeLessThanOrEqual(ATTEMPT_BUDGET);
      expectWithinDeadline(exchange);
    });

    it('connection reset after the request went out: answers 502 and does not resend', async () => {
      harness.sandbox.interceptOnce(destroySocket(), 'run');

      const exchange = await runThroughAdapter();

      expect(expectProblem(exchange, 502).detail).toMatch(/after the request was sent/);
      expect(exchange.runRequests).toBe(1);
    });
  });

  describe('huge bodies', () => {
    it('huge body with Content-Length: answers 502 on the header alone, after one run request', async () => {
      harness.sandbox.interceptOnce(declaresHugeBody(), 'run');

      const exchange = await runThroughAdapter();

      expect(expectProblem(exchange, 502).detail).toContain(String(MIB));
      expect(exchange.runRequests).toBe(1);
      expect(exchange.elapsedMs).toBeLessThan(ATTEMPT_TIMEOUT_MS);
    });

    it('huge body without Content-Length: answers 502 once 1 MiB has come, without waiting for the end', async () => {
      harness.sandbox.interceptOnce(endlessBody(), 'run');

      const exchange = await runThroughAdapter();

      expect(expectProblem(exchange, 502).detail).toContain(String(MIB));
      expect(exchange.runRequests).toBe(1);
      expect(exchange.elapsedMs).toBeLessThan(ATTEMPT_TIMEOUT_MS);
    });

    it('an answer of exactly 1 MiB is still read', async () => {
      const padded = JSON.stringify({ Id: 2, ContactListId: 1, Padding: '' });
      const body = padded.replace('""', `"${' '.repeat(MIB - padded.length)}"`);
      harness.sandbox.interceptOnce(respondWith(200, body, { 'Content-Type': 'application/json' }), 'run');

      const exchange = await runThroughAdapter();

      expect(Buffer.byteLength(body)).toBe(MIB);
      expect(exchange.status).toBe(200);
    });
  });

  describe('connections', () => {
    it('keeps one connection alive across warm invocations', async () => {
      for (let index = 0; index < 5; index++) await runThroughAdapter();

      expect(harness.sandbox.runRequests()).toHaveLength(5);
      expect(harness.sandbox.connections).toBeLessThanOrEqual(1);
    });
  });

  it('never waits past the Lambda’s remaining time when that is shorter than the deadline', async () => {
    harness.sandbox.intercept(hangBeforeHeaders());
    const remainingMs = 1_600;
    const context = { awsRequestId: 'short-lived', getRemainingTimeInMillis: () => remainingMs } as unknown as Context;
    const event = anApiGatewayEvent({
      httpMethod: 'POST',
      path: '/imports/run',
      resource: '/imports/run',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_API_KEY },
      body: JSON.stringify(RUN),
    });

    const started = performance.now();
    const result = (await harness.handler(event, context)) as APIGatewayProxyResult;
    const elapsedMs = performance.now() - started;

    expect(result.statusCode).toBe(504);
    expect(elapsedMs).toBeLessThanOrEqual(remainingMs - 1_000 + SLACK_MS);
  });
});

describe('connection refused', () => {
  let harness: AdapterHarness;
  let refusingBaseUrl: string;
  let printed: PrintedOutput;

  beforeAll(async () => {
    refusingBaseUrl = `http://127.0.0.1:${await closedPort()}/Which50API`;
    harness = await startAdapterHarness({ env: LIMITS, secret: () => demoSecret(refusingBaseUrl) });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    printed = capturePrintedOutput();
  });
  afterEach(() => printed.restore());

  it('tries exactly three times with backoff, then answers 503 with Retry-After at once; nothing reached the upstream', async () => {
    const started = performance.now();
    const response = await harness.request('/imports/run', postJson(RUN));
    const exchange: Exchange = {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
      elapsedMs: performance.now() - started,
      runRequests: harness.sandbox.runRequests().length,
    };

    expect(expectProblem(exchange, 503).detail).toMatch(/could not be reached/);
    expect(exchange.headers.get('retry-after')).toBe('1');
    expect(exchange.runRequests).toBe(0);
    expect(printed.outcomes().at(-1)).toMatchObject({ attempts: ATTEMPT_BUDGET, upstreamFailure: 'unreachable' });
    expect(exchange.elapsedMs).toBeLessThan(DEADLINE_MS / 2);
  });
});
