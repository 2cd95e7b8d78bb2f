import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, type ProblemJson } from '../../support/adapter-harness';
import {
  type AcceptHarness,
  anAsyncSecret,
  OTHER_PRINCIPAL_KEY,
  postAsync,
  startAcceptHarness,
} from '../../support/async-accept-harness';
import { AN_API_KEY } from '../../support/factories';
import { aStandardWebhook, posted } from '../../support/signed-deliveries';

const COMMAND = { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] };
const CALLBACK_URL = 'https://hooks.example.com/catch/123?token=receiver-token';

describe('async runs: accepting a run (202)', () => {
  let harness: AcceptHarness;

  beforeAll(async () => {
    harness = await startAcceptHarness();
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.starts.length = 0;
    harness.failStarts = 0;
  });

  it('answers 202 with the run id, its status URL and Location, and says the preference was applied', async () => {
    // Act
    const response = await harness.request('/imports/run', postAsync(COMMAND));

    // Assert
    expect(response.status).toBe(202);
    const body = await jsonOf(response);
    expect(Object.keys(body)).toEqual(['runId', 'status', 'statusUrl']);
    expect(body).toMatchObject({ status: 'accepted', statusUrl: `/runs/${body.runId}` });
    expect(response.headers.get('location')).toBe(`/runs/${body.runId}`);
    expect(response.headers.get('preference-applied')).toBe('respond-async');
    expect(response.headers.get('idempotent-replayed')).toBeNull();
  });

  it('starts one execution with the checked command, the principal and the run id', async () => {
    // Act
    const body = await jsonOf(await harness.request('/imports/run', postAsync(COMMAND)));

    // Assert
    expect(harness.starts).toHaveLength(1);
    expect(harness.starts[0]).toMatchObject({
      runId: body.runId,
      principal: 'api-key',
      command: COMMAND,
      follow: false,
      callbackUrl: null,
    });
    expect((await harness.runRecords.read(String(body.runId)))?.started).toBe(true);
  });

  it('answers a callbackUrl without Prefer asynchronously, following the job, without Preference-Applied', async () => {
    // Act
    const response = await harness.request(
      '/imports/run',
      postAsync({ ...COMMAND, callbackUrl: CALLBACK_URL }, { headers: { prefer: '' } }),
    );

    // Assert
    expect(response.status).toBe(202);
    expect(response.headers.get('preference-applied')).toBeNull();
    expect(harness.starts[0]).toMatchObject({ follow: true, callbackUrl: CALLBACK_URL });
  });

  it('records the callback host, not yet attempted, from the accept on (never its path or query)', async () => {
    // Act
    const body = await jsonOf(
      await harness.request('/imports/run', postAsync({ ...COMMAND, callbackUrl: CALLBACK_URL })),
    );

    // Assert
    expect((await harness.runRecords.read(String(body.runId)))?.callback).toEqual({
      host: 'hooks.example.com',
      attempts: 0,
      lastStatus: null,
    });
  });

  it('shows the pending callback on GET /runs/{runId} right after the accept', async () => {
    // Arrange
    const { statusUrl } = await jsonOf(
      await harness.request('/imports/run', postAsync({ ...COMMAND, callbackUrl: CALLBACK_URL })),
    );

    // Act
    const run = await jsonOf(await harness.request(String(statusUrl), { headers: { 'x-api-key': AN_API_KEY } }));

    // Assert
    expect(run).toMatchObject({
      status: 'accepted',
      callback: { host: 'hooks.example.com', attempts: 0, lastStatus: null },
    });
    expect(JSON.stringify(run)).not.toContain('receiver-token');
  });

  it('records no callback for a run that asked for none', async () => {
    // Act
    const body = await jsonOf(await harness.request('/imports/run', postAsync(COMMAND)));

    // Assert
    expect((await harness.runRecords.read(String(body.runId)))?.callback).toBeNull();
  });

  it('reads follow from a form body as the string true', async () => {
    // Act
    const response = await harness.request('/imports/run', {
      method: 'POST',
      headers: {
        'x-api-key': AN_API_KEY,
        'content-type': 'application/x-www-form-urlencoded',
        prefer: 'respond-async',
      },
      body: 'contactListId=1&importJobId=2&follow=true',
    });

    // Assert
    expect(response.status).toBe(202);
    expect(harness.starts[0]?.follow).toBe(true);
  });

  it('takes the callback URL spelled callback_url in the query of the path route', async () => {
    // Act
    const response = await harness.request(
      `/contact-lists/1/imports/2/run?callback_url=${encodeURIComponent(CALLBACK_URL)}`,
      postAsync({}, { headers: { prefer: '' } }),
    );

    // Assert
    expect(response.status).toBe(202);
    expect(harness.starts[0]?.callbackUrl).toBe(CALLBACK_URL);
  });

  it('gives each request without an idempotency key a run of its own', async () => {
    // Act
    const first = await jsonOf(await harness.request('/imports/run', postAsync(COMMAND)));
    const second = await jsonOf(await harness.request('/imports/run', postAsync(COMMAND)));

    // Assert
    expect(second.runId).not.toBe(first.runId);
    expect(harness.starts).toHaveLength(2);
  });
});

describe('async runs: duplicates', () => {
  let harness: AcceptHarness;

  beforeAll(async () => {
    harness = await startAcceptHarness();
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.starts.length = 0;
    harness.failStarts = 0;
  });

  it('answers a duplicate with the same run id, marked replayed, and starts nothing more', async () => {
    // Arrange
    const init = () => postAsync(COMMAND, { headers: { 'idempotency-key': 'dup-same' } });

    // Act
    const first = await harness.request('/imports/run', init());
    const again = await harness.request('/imports/run', init());

    // Assert
    expect(again.status).toBe(202);
    expect((await jsonOf(again)).runId).toBe((await jsonOf(first)).runId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(harness.starts).toHaveLength(1);
  });

  it('refuses the same key with another command (422) and starts nothing more', async () => {
    // Act
    await harness.request('/imports/run', postAsync(COMMAND, { headers: { 'idempotency-key': 'dup-other' } }));
    const other = await harness.request(
      '/imports/run',
      postAsync({ ...COMMAND, importJobId: 3 }, { headers: { 'idempotency-key': 'dup-other' } }),
    );

    // Assert
    expect(other.status).toBe(422);
    expect(harness.starts).toHaveLength(1);
  });

  it('refuses the same key with another callback URL (422)', async () => {
    // Act
    await harness.request(
      '/imports/run',
      postAsync({ ...COMMAND, callbackUrl: CALLBACK_URL }, { headers: { 'idempotency-key': 'dup-callback' } }),
    );
    const other = await harness.request(
      '/imports/run',
      postAsync(
        { ...COMMAND, callbackUrl: 'https://hooks.example.com/catch/456' },
        { headers: { 'idempotency-key': 'dup-callback' } },
      ),
    );

    // Assert
    expect(other.status).toBe(422);
    expect(harness.starts).toHaveLength(1);
  });

  it('gives the same key from another principal a run of its own', async () => {
    // Act
    const mine = await jsonOf(
      await harness.request('/imports/run', postAsync(COMMAND, { headers: { 'idempotency-key': 'dup-shared' } })),
    );
    const theirs = await jsonOf(
      await harness.request(
        '/imports/run',
        postAsync(COMMAND, { apiKey: OTHER_PRINCIPAL_KEY, headers: { 'idempotency-key': 'dup-shared' } }),
      ),
    );

    // Assert
    expect(theirs.runId).not.toBe(mine.runId);
    expect(harness.starts).toHaveLength(2);
  });

  it('answers 503 with Retry-After when the start fails, and starts the run on the retry', async () => {
    // Arrange
    harness.failStarts = 1;
    const init = () => postAsync(COMMAND, { headers: { 'idempotency-key': 'dup-start-failed' } });

    // Act
    const failed = await harness.request('/imports/run', init());
    const retried = await harness.request('/imports/run', init());

    // Assert
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(retried.status).toBe(202);
    const { runId } = await jsonOf(retried);
    expect(harness.starts.map((input) => input.runId)).toEqual([runId]);
    expect((await harness.runRecords.read(String(runId)))?.started).toBe(true);
  });
});

describe('async runs: what is refused before a run is recorded', () => {
  let harness: AcceptHarness;

  beforeAll(async () => {
    harness = await startAcceptHarness();
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.starts.length = 0;
  });

  it.each([
    ['plain http', 'http://hooks.example.com/catch'],
    ['a loopback address', 'https://127.0.0.1/catch'],
    ['a private address', 'https://10.0.0.7/catch'],
    ['the metadata address', 'https://169.254.169.254/latest/meta-data'],
    ['user info', 'https://user:pass@hooks.example.com/catch'],
    ['not a URL', 'hooks example'],
  ])('refuses a callback URL with %s as a 400 on callbackUrl, without quoting it', async (_case, callbackUrl) => {
    // Act
    const response = await harness.request('/imports/run', postAsync({ ...COMMAND, callbackUrl }));

    // Assert
    expect(response.status).toBe(400);
    const problem = await jsonOf<ProblemJson>(response);
    expect(problem.errors?.map(({ field }) => field)).toEqual(['callbackUrl']);
    expect(JSON.stringify(problem)).not.toContain(callbackUrl);
    expect(harness.starts).toHaveLength(0);
  });

  it('refuses a follow that is neither true nor false (400)', async () => {
    // Act
    const response = await harness.request('/imports/run', postAsync({ ...COMMAND, follow: 'yes' }));

    // Assert
    expect(response.status).toBe(400);
    expect((await jsonOf<ProblemJson>(response)).errors).toEqual([
      { field: 'follow', message: 'must be true or false (in body)' },
    ]);
  });

  it('refuses a callbackUrl given only in the query of a signed delivery (403 unsigned input)', async () => {
    // Arrange
    const delivery = aStandardWebhook(JSON.stringify(COMMAND));

    // Act
    const response = await harness.request(
      `/imports/run?callbackUrl=${encodeURIComponent(CALLBACK_URL)}`,
      posted(delivery, { prefer: 'respond-async' }),
    );

    // Assert
    expect(response.status).toBe(403);
    expect((await jsonOf<ProblemJson>(response)).errors?.map(({ field }) => field)).toEqual(['callbackUrl']);
    expect(harness.starts).toHaveLength(0);
  });

  it('refuses an async request without a credential (401) before reading its payload', async () => {
    // Act
    const response = await harness.request('/imports/run', {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'respond-async' },
      body: '{"callbackUrl": 7}',
    });

    // Assert
    expect(response.status).toBe(401);
  });
});

describe('async runs: a secret without outbound settings', () => {
  it('answers a callbackUrl with a 500 naming outbound.callbackSigningSecret, and runs nothing', async () => {
    // Arrange
    const harness = await startAcceptHarness({ secret: anAsyncSecret({ outbound: undefined }) });

    // Act
    const response = await harness.request('/imports/run', postAsync({ ...COMMAND, callbackUrl: CALLBACK_URL }));

    // Assert
    expect(response.status).toBe(500);
    expect((await jsonOf<ProblemJson>(response)).detail).toContain('outbound.callbackSigningSecret');
    expect(harness.starts).toHaveLength(0);
    await harness.close();
  });

  it('still accepts an async run without a callback', async () => {
    // Arrange
    const harness = await startAcceptHarness({ secret: anAsyncSecret({ outbound: undefined }) });

    // Act
    const response = await harness.request('/imports/run', postAsync(COMMAND));

    // Assert
    expect(response.status).toBe(202);
    await harness.close();
  });
});
