import { createServer } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  aCallbackEvent,
  aFinishedImportJob,
  aResumeBundle,
  asZapierRawHeaders,
} from './support/callback-deliveries.mjs';
import { startNpmStart } from './support/npm-start.mjs';
import { CALLBACK_SIGNING_SECRET, OTHER_SIGNING_SECRET, TEST_API_KEYS } from './support/test-secrets.mjs';
import { App, appTester, zapier, zapierErrorOf } from './support/zapier-app.mjs';

const API_KEY = TEST_API_KEYS.wait;
const operation = App.creates.run_import_job_and_wait.operation;
const WITH_SECRET = { callbackSigningSecret: CALLBACK_SIGNING_SECRET };

describe('Run Import Job and Wait: finishing with the callback (performResume)', () => {
  it('returns the finished ImportJob of an import.finished callback signed with the connection’s secret', async () => {
    // Arrange
    const importJob = aFinishedImportJob({ insertedContacts: 2, updatedContacts: 1 });

    // Act
    const job = await appTester(
      operation.performResume,
      aResumeBundle(aCallbackEvent('import.finished', { importJob }), { authData: WITH_SECRET }),
    );

    // Assert
    expect(job).toEqual(importJob);
  });

  it('accepts a signed callback that Zapier resumes with long after it was sent', async () => {
    // Arrange: signed an hour before the resume, beyond the library's own 5-minute window
    const bundle = aResumeBundle(aCallbackEvent('import.finished'), { authData: WITH_SECRET });
    const hourAgo = String(Math.floor(Date.now() / 1000) - 3_600);
    const { content, headers } = bundle.rawRequest;
    const id = headers['Http-Webhook-Id'];
    const { Webhook } = await import('standardwebhooks');
    headers['Http-Webhook-Timestamp'] = hourAgo;
    headers['Http-Webhook-Signature'] = new Webhook(CALLBACK_SIGNING_SECRET).sign(
      id,
      new Date(hourAgo * 1000),
      content,
    );

    // Act
    const job = await appTester(operation.performResume, bundle);

    // Assert
    expect(job).toMatchObject({ id: 2, finishDate: '2026-12-02T08:00:03.000Z' });
  });

  it('returns the ImportJob of an unsigned callback when the connection holds no signing secret', async () => {
    // Act
    const job = await appTester(
      operation.performResume,
      aResumeBundle(aCallbackEvent('import.finished'), { signWith: null }),
    );

    // Assert
    expect(job).toMatchObject({ id: 2, currentStatus: 'Finished' });
  });

  it('accepts the callback as Zapier’s request envelope too (method, headers, parsed content)', async () => {
    // Arrange
    const bundle = aResumeBundle(aCallbackEvent('import.finished'), { signWith: null });
    bundle.cleanedRequest = { method: 'POST', headers: {}, content: bundle.cleanedRequest };

    // Act
    const job = await appTester(operation.performResume, bundle);

    // Assert
    expect(job).toMatchObject({ id: 2, currentStatus: 'Finished' });
  });

  it('halts on an import.failed callback with the problem’s detail', async () => {
    // Arrange
    const problem = { title: 'Not found', status: 404, detail: 'Which50 has no import job 2 in contact list 1.' };

    // Act
    const error = await zapierErrorOf(
      appTester(
        operation.performResume,
        aResumeBundle(aCallbackEvent('import.failed', { importJob: null, problem }), { authData: WITH_SECRET }),
      ),
    );

    // Assert
    expect(error.name).toBe('HaltedError');
    expect(error.message).toMatch(
      /^The import run run-1 failed \(Not found: Which50 has no import job 2 in contact list 1\.\)/,
    );
  });

  it('errors on an import.timed-out callback, naming the job’s last status', async () => {
    // Arrange
    const importJob = aFinishedImportJob({ currentStatus: 'Importing', progressPercent: 40, finishDate: null });

    // Act
    const error = await zapierErrorOf(
      appTester(
        operation.performResume,
        aResumeBundle(aCallbackEvent('import.timed-out', { importJob }), { authData: WITH_SECRET }),
      ),
    );

    // Assert
    expect(error).toMatchObject({ name: 'AppError', code: 'ImportTimedOut' });
    expect(error.message).toContain('had not finished when the adapter stopped following it; last status: Importing');
  });

  it.each([
    ['signed with another secret', { signWith: OTHER_SIGNING_SECRET }],
    ['unsigned', { signWith: null }],
  ])('does not trust a callback %s when the connection holds the secret', async (_case, delivery) => {
    // Act
    const error = await zapierErrorOf(
      appTester(
        operation.performResume,
        aResumeBundle(aCallbackEvent('import.finished'), { ...delivery, authData: WITH_SECRET }),
      ),
    );

    // Assert
    expect(error.name).toBe('HaltedError');
    expect(error.message).toMatch(
      /^The callback that resumed this step is not signed with the connection’s callback signing secret/,
    );
  });

  it('does not trust a signed callback whose body was changed after signing', async () => {
    // Arrange
    const bundle = aResumeBundle(aCallbackEvent('import.failed', { importJob: null }), { authData: WITH_SECRET });
    bundle.rawRequest.content = bundle.rawRequest.content.replace('import.failed', 'import.finished');

    // Act
    const error = await zapierErrorOf(appTester(operation.performResume, bundle));

    // Assert
    expect(error.name).toBe('HaltedError');
    expect(error.message).toContain('is not signed with the connection’s callback signing secret');
  });

  it('refuses a callback about another run', async () => {
    // Act
    const error = await zapierErrorOf(
      appTester(
        operation.performResume,
        aResumeBundle(aCallbackEvent('import.finished', { runId: 'run-of-another-step' }), { authData: WITH_SECRET }),
      ),
    );

    // Assert
    expect(error.name).toBe('HaltedError');
    expect(error.message).toMatch(/^The callback names run run-of-another-step, not this step's run run-1/);
  });

  it('refuses a callback that is not one of the adapter’s events', async () => {
    // Act
    const error = await zapierErrorOf(
      appTester(operation.performResume, aResumeBundle({ type: 'import.started', data: {} }, { signWith: null })),
    );

    // Assert
    expect(error).toMatchObject({ name: 'AppError', code: 'UnexpectedCallback' });
  });

  it('names a signing secret that is not a Standard Webhooks secret as the connection’s to fix', async () => {
    // Act
    const error = await zapierErrorOf(
      appTester(
        operation.performResume,
        aResumeBundle(aCallbackEvent('import.finished'), {
          authData: { callbackSigningSecret: 'whsec_***not base64***' },
        }),
      ),
    );

    // Assert
    expect(error).toMatchObject({ name: 'AppError', code: 'InvalidCallbackSigningSecret' });
  });
});

/** A loopback receiver for the adapter's callbacks: keeps each delivery's headers and exact body. */
const startCallbackReceiver = async () => {
  const deliveries = [];
  const waiters = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, content: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200).end();
      for (const resolve of waiters.splice(0)) resolve();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks/callback/1/zap/step/`,
    deliveries,
    nextDelivery: () => new Promise((resolve) => waiters.push(resolve)),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
};

/** Runs `perform` as Zapier does, with `z.generateCallbackUrl()` answering `callbackUrl`. */
const performWithCallbackUrl = async (bundle, callbackUrl) => {
  const handler = zapier.createAppHandler(App);
  const { results } = await handler({
    command: 'execute',
    method: 'creates.run_import_job_and_wait.operation.perform',
    bundle,
    callback_url: callbackUrl,
  });
  return results;
};

describe('Run Import Job and Wait: starting the run (perform) on `npm start`', () => {
  let adapter;
  let receiver;
  let zapCounter = 0;

  const aWaitBundle = (meta = {}) => ({
    authData: { baseUrl: adapter.url, apiKey: API_KEY, callbackSigningSecret: CALLBACK_SIGNING_SECRET },
    inputData: { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] },
    meta: { isLoadingSample: false, zap: { id: `zap-wait-${process.pid}-${++zapCounter}` }, ...meta },
  });

  beforeAll(async () => {
    receiver = await startCallbackReceiver();
    adapter = await startNpmStart({
      inbound: { apiKeys: [API_KEY] },
      outbound: { callbackSigningSecret: CALLBACK_SIGNING_SECRET },
    });
  });

  beforeEach(() => {
    adapter.sandbox.reset();
  });

  afterAll(async () => {
    await adapter.close();
    await receiver.close();
  });

  it('runs the import at once when the Zap editor tests the step, since no callback can come back then', async () => {
    // Act
    const job = await appTester(operation.perform, aWaitBundle({ isLoadingSample: true }));

    // Assert
    expect(job).toMatchObject({ id: 2, contactListId: 1 });
    expect(adapter.sandbox.runRequests()).toHaveLength(1);
  });

  it('answers the adapter’s 202, and resumes with the finished ImportJob its signed callback carries', async () => {
    // Arrange
    const bundle = aWaitBundle();
    const delivered = receiver.nextDelivery();

    // Act
    const accepted = await performWithCallbackUrl(bundle, receiver.url);
    await delivered;
    const [callback] = receiver.deliveries.splice(0);
    const job = await appTester(operation.performResume, {
      authData: bundle.authData,
      inputData: bundle.inputData,
      outputData: accepted,
      cleanedRequest: JSON.parse(callback.content),
      rawRequest: { method: 'POST', headers: asZapierRawHeaders(callback.headers), content: callback.content },
    });

    // Assert
    expect(accepted).toMatchObject({
      runId: expect.any(String),
      status: 'accepted',
      statusUrl: `/runs/${accepted.runId}`,
    });
    expect(job).toMatchObject({ id: 2, contactListId: 1, finishDate: expect.any(String) });
    expect(adapter.sandbox.runRequests()).toHaveLength(1);
  }, 60_000);

  it('starts one run for two attempts of one step: the same runId, one POST', async () => {
    // Arrange
    const bundle = aWaitBundle();
    const ended = receiver.nextDelivery();

    // Act
    const first = await performWithCallbackUrl(bundle, receiver.url);
    const retry = await performWithCallbackUrl(structuredClone(bundle), receiver.url);
    await ended;

    // Assert: counted once the run has called back, so a late second POST would be seen
    expect(retry.runId).toBe(first.runId);
    expect(adapter.sandbox.runRequests()).toHaveLength(1);
  }, 60_000);

  it('halts a replay that comes with a new callback URL, saying why, and starts nothing', async () => {
    // Arrange
    const bundle = aWaitBundle();
    const ended = receiver.nextDelivery();
    await performWithCallbackUrl(bundle, receiver.url);

    // Act
    const error = await zapierErrorOf(performWithCallbackUrl(structuredClone(bundle), `${receiver.url}replayed/`));
    await ended;

    // Assert: counted once the first run has called back, so a late second POST would be seen
    expect(error.name).toBe('HaltedError');
    expect(error.message).toMatch(/^Idempotency key reused: .*a replay of the step/);
    expect(adapter.sandbox.runRequests()).toHaveLength(1);
  }, 60_000);
});
