import { createServer } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { delayThenServe, hangBeforeHeaders, respondWith } from '../../dev/which50-sandbox-faults.ts';
import { startLocalAdapter } from './support/local-adapter.mjs';
import { TEST_API_KEYS } from './support/test-secrets.mjs';
import { App, appTester, zapierErrorOf } from './support/zapier-app.mjs';

const API_KEY = TEST_API_KEYS.run;
const SCOPED_KEY = TEST_API_KEYS.scoped;
const runImportJob = App.creates.run_import_job.operation;

/** A Zap's bundle for the step: the connection, the step's values and the platform's meta. */
const aRunBundle = (adapter, { inputData = {}, meta = {}, apiKey = API_KEY } = {}) => ({
  authData: { baseUrl: adapter.url, apiKey },
  inputData: { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail', 'Send Invite'], ...inputData },
  meta: { isLoadingSample: false, zap: { id: 'zap-1001' }, ...meta },
});

let zapCounter = 0;
/** A Zap of its own, so that each test's default idempotency key is its own. */
const aFreshZap = () => ({ zap: { id: `zap-${process.pid}-${++zapCounter}` } });

describe('Run Import Job', () => {
  let adapter;

  beforeAll(async () => {
    adapter = await startLocalAdapter({
      inbound: { apiKeys: [API_KEY, { key: SCOPED_KEY, name: 'zapier-list-7', scope: [{ contactListId: 7 }] }] },
    });
  });

  beforeEach(() => {
    adapter.sandbox.reset();
  });

  afterAll(async () => {
    await adapter.close();
  });

  it('answers the normalized ImportJob, with a labelled output field for each of its fields', async () => {
    // Act
    const job = await appTester(runImportJob.perform, aRunBundle(adapter, { meta: aFreshZap() }));

    // Assert
    expect(job).toMatchObject({ id: 2, contactListId: 1 });
    expect(Object.keys(job).sort()).toEqual(runImportJob.outputFields.map(({ key }) => key).sort());
    expect(Object.keys(runImportJob.sample).sort()).toEqual(Object.keys(job).sort());
    expect(runImportJob.outputFields.every(({ label }) => typeof label === 'string' && label !== '')).toBe(true);
  });

  it('sends the ids and the list field’s events to Which50 through the adapter', async () => {
    // Act
    await appTester(runImportJob.perform, aRunBundle(adapter, { meta: aFreshZap() }));

    // Assert
    const [run] = adapter.sandbox.runRequests(1, 2);
    expect(run.customEvents).toEqual(['SendWelcomeEmail', 'Send Invite']);
    expect(run.query).toBe('customevents=SendWelcomeEmail,Send%20Invite');
  });

  it('splits an entry mapped in as comma-separated text, and drops blank ones', async () => {
    // Act
    const inputData = { customEvents: ['SendWelcomeEmail, Send Invite', ' ', 'Third'] };
    await appTester(runImportJob.perform, aRunBundle(adapter, { meta: aFreshZap(), inputData }));

    // Assert
    const [run] = adapter.sandbox.runRequests(1, 2);
    expect(run.customEvents).toEqual(['SendWelcomeEmail', 'Send Invite', 'Third']);
  });

  it('runs once for two attempts of one step: the second gets the first answer, without a POST', async () => {
    // Arrange
    const bundle = aRunBundle(adapter, { meta: aFreshZap() });

    // Act
    const first = await appTester(runImportJob.perform, bundle);
    const retry = await appTester(runImportJob.perform, structuredClone(bundle));

    // Assert
    expect(adapter.sandbox.runRequests()).toHaveLength(1);
    expect(retry).toEqual(first);
  });

  it('runs again for another Zap with the same values', async () => {
    // Act
    await appTester(runImportJob.perform, aRunBundle(adapter, { meta: aFreshZap() }));
    await appTester(runImportJob.perform, aRunBundle(adapter, { meta: aFreshZap() }));

    // Assert
    expect(adapter.sandbox.runRequests()).toHaveLength(2);
  });

  it('runs again for a step whose values differ (another trigger item mapped in)', async () => {
    // Arrange
    const meta = aFreshZap();

    // Act
    await appTester(runImportJob.perform, aRunBundle(adapter, { meta, inputData: { customEvents: ['A'] } }));
    await appTester(runImportJob.perform, aRunBundle(adapter, { meta, inputData: { customEvents: ['B'] } }));

    // Assert
    expect(adapter.sandbox.runRequests()).toHaveLength(2);
  });

  it('keeps a Zap editor test from standing in for a live run of the same values', async () => {
    // Arrange
    const zap = aFreshZap();

    // Act
    await appTester(runImportJob.perform, aRunBundle(adapter, { meta: { ...zap, isLoadingSample: true } }));
    await appTester(runImportJob.perform, aRunBundle(adapter, { meta: zap }));

    // Assert
    expect(adapter.sandbox.runRequests()).toHaveLength(2);
  });

  it('uses the Zap author’s own key over the derived one: one run across two Zaps that share it', async () => {
    // Arrange
    const inputData = { idempotencyKey: `row-${process.pid}-${Date.now()}` };

    // Act
    await appTester(runImportJob.perform, aRunBundle(adapter, { meta: aFreshZap(), inputData }));
    await appTester(runImportJob.perform, aRunBundle(adapter, { meta: aFreshZap(), inputData }));

    // Assert
    expect(adapter.sandbox.runRequests()).toHaveLength(1);
  });

  describe('shows the adapter’s problems as Zapier’s own errors', () => {
    it('halts on a refused value (400), with the adapter’s detail naming the field, and no POST', async () => {
      // Act
      const error = await zapierErrorOf(
        appTester(runImportJob.perform, aRunBundle(adapter, { meta: aFreshZap(), inputData: { contactListId: 0 } })),
      );

      // Assert
      expect(error.name).toBe('HaltedError');
      expect(error.message).toMatch(/^Invalid payload: contactListId: .*\(adapter request id [\w-]+\)/);
      expect(adapter.sandbox.requestCount).toBe(0);
    });

    it('halts on a job outside the key’s scope (403), and no POST', async () => {
      // Act
      const error = await zapierErrorOf(
        appTester(runImportJob.perform, aRunBundle(adapter, { meta: aFreshZap(), apiKey: SCOPED_KEY })),
      );

      // Assert
      expect(error.name).toBe('HaltedError');
      expect(error.message).toMatch(/^Out of scope: /);
      expect(adapter.sandbox.requestCount).toBe(0);
    });

    it('halts on a job Which50 does not know (404)', async () => {
      // Act
      const error = await zapierErrorOf(
        appTester(runImportJob.perform, aRunBundle(adapter, { meta: aFreshZap(), inputData: { importJobId: 999 } })),
      );

      // Assert
      expect(error.name).toBe('HaltedError');
      expect(error.message).toMatch(/^Not found: /);
    });

    it('halts on a run Which50 refused (422), with Which50’s message', async () => {
      // Arrange
      adapter.sandbox.interceptOnce(respondWith(409, { Message: 'The import job is already running.' }), 'run');

      // Act
      const error = await zapierErrorOf(appTester(runImportJob.perform, aRunBundle(adapter, { meta: aFreshZap() })));

      // Assert
      expect(error.name).toBe('HaltedError');
      expect(error.message).toContain('The import job is already running.');
      expect(adapter.sandbox.runRequests()).toHaveLength(1);
    });

    it('asks for a reconnect on a key the adapter no longer accepts (401), and no POST', async () => {
      // Act
      const error = await zapierErrorOf(
        appTester(runImportJob.perform, aRunBundle(adapter, { meta: aFreshZap(), apiKey: TEST_API_KEYS.rotatedAway })),
      );

      // Assert
      expect(error.name).toBe('ExpiredAuthError');
      expect(adapter.sandbox.requestCount).toBe(0);
    });

    it('throttles with the adapter’s Retry-After when Which50 is unavailable (503)', async () => {
      // Arrange: a Retry-After longer than the adapter's deadline is answered at once
      adapter.sandbox.interceptOnce(respondWith(429, { Message: 'Slow down' }, { 'Retry-After': '60' }), 'run');

      // Act
      const error = await zapierErrorOf(appTester(runImportJob.perform, aRunBundle(adapter, { meta: aFreshZap() })));

      // Assert
      expect(error).toMatchObject({ name: 'ThrottledError', delay: 60 });
      expect(adapter.sandbox.runRequests()).toHaveLength(1);
    });

    it.each([
      [429, 'Too Many Requests', { name: 'ThrottledError', delay: 60, message: 'The adapter answered 429.' }],
      [502, 'Internal server error', { name: 'AppError', code: 'AdapterError', status: 502 }],
    ])(
      'handles API Gateway’s own %i in front of the adapter, which has no problem body',
      async (status, message, expected) => {
        // Arrange: the gateway's answer for throttling, or for a function that crashed
        const gateway = createServer((_request, response) => {
          response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));
        });
        await new Promise((resolve) => gateway.listen(0, '127.0.0.1', resolve));
        const bundle = aRunBundle(adapter, { meta: aFreshZap() });
        bundle.authData.baseUrl = `http://127.0.0.1:${gateway.address().port}/v1`;

        // Act
        const error = await zapierErrorOf(appTester(runImportJob.perform, bundle));
        await new Promise((resolve) => gateway.close(resolve));

        // Assert
        expect(error).toMatchObject(expected);
      },
    );

    it('throttles a second attempt while the first is still running (409 in progress), then replays its answer', async () => {
      // Arrange
      const bundle = aRunBundle(adapter, { meta: aFreshZap() });
      adapter.sandbox.interceptOnce(delayThenServe(1_500), 'run');
      const first = appTester(runImportJob.perform, bundle);
      await new Promise((resolve) => setTimeout(resolve, 500));

      // Act
      const error = await zapierErrorOf(appTester(runImportJob.perform, structuredClone(bundle)));
      const firstJob = await first;
      const retried = await appTester(runImportJob.perform, structuredClone(bundle));

      // Assert
      expect(error).toMatchObject({ name: 'ThrottledError', delay: 5 });
      expect(error.message).toMatch(/^Run in progress: /);
      expect(retried).toEqual(firstJob);
      expect(adapter.sandbox.runRequests()).toHaveLength(1);
    });

    it('errors on an answer of unknown fate (502), and halts its retry (409 run outcome unknown) without a POST', async () => {
      // Arrange
      const bundle = aRunBundle(adapter, { meta: aFreshZap() });
      adapter.sandbox.interceptOnce(respondWith(500, { Message: 'An error has occurred.' }), 'run');

      // Act
      const failed = await zapierErrorOf(appTester(runImportJob.perform, bundle));
      const retry = await zapierErrorOf(appTester(runImportJob.perform, structuredClone(bundle)));

      // Assert
      expect(failed).toMatchObject({ name: 'AppError', code: 'AdapterError', status: 502 });
      expect(retry.name).toBe('HaltedError');
      expect(retry.message).toMatch(/^Run outcome unknown: .*give this step a new idempotency key/);
      expect(adapter.sandbox.runRequests()).toHaveLength(1);
    });
  });
});

describe('Run Import Job against an upstream slower than the adapter’s deadline', () => {
  let adapter;

  beforeAll(async () => {
    adapter = await startLocalAdapter({
      inbound: { apiKeys: [API_KEY] },
      env: { UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_DEADLINE_MS: '600' },
    });
  });

  afterAll(async () => {
    await adapter.close();
  });

  it('errors on the adapter’s 504 (the run’s fate unknown), so a replay with the same key reconciles instead of running twice', async () => {
    // Arrange
    const bundle = aRunBundle(adapter, { meta: aFreshZap() });
    adapter.sandbox.interceptOnce(hangBeforeHeaders(), 'run');

    // Act
    const timedOut = await zapierErrorOf(appTester(runImportJob.perform, bundle));
    const replay = await zapierErrorOf(appTester(runImportJob.perform, structuredClone(bundle)));

    // Assert
    expect(timedOut).toMatchObject({ name: 'AppError', code: 'AdapterError', status: 504 });
    expect(replay.name).toBe('HaltedError');
    expect(replay.message).toMatch(/^Run outcome unknown: /);
    expect(adapter.sandbox.runRequests()).toHaveLength(1);
  });
});
