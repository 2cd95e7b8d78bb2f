import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { delayThenServe } from '../../dev/which50-sandbox-faults';
import { type AdapterHarness, jsonOf, type ProblemJson, startAdapterHarness } from '../support/adapter-harness';
import { AN_API_KEY } from '../support/factories';
import { capturePrintedOutput } from '../support/log-lines';
import {
  aHubDelivery,
  aSecretWithInbound,
  aStandardWebhook,
  HUB_SECRET,
  OTHER_API_KEY,
  posted,
  STANDARD_WEBHOOKS_SECRET,
} from '../support/signed-deliveries';

/*
 * Callers try to reach what their credential was not given: another job, other events, another
 * caller's idempotency key or answer. Every case counts the POSTs that reached Which50.
 */

const ZAPIER_KEY = 'scoped-zapier-api-key-0001';
const ROTATED_KEY = 'plain-rotating-api-key-0002';
const GITHUB_SECRET = 'scoped-github-hub-secret-01';

let harness: AdapterHarness;

beforeAll(async () => {
  harness = await startAdapterHarness({
    secret: aSecretWithInbound({
      apiKeys: [
        AN_API_KEY,
        ROTATED_KEY,
        { key: OTHER_API_KEY, name: 'crm' },
        {
          key: ZAPIER_KEY,
          name: 'zapier',
          scope: [{ contactListId: 7 }, { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] }],
        },
      ],
      standardWebhooksSecret: [STANDARD_WEBHOOKS_SECRET],
      hmacSha256Secret: [
        HUB_SECRET,
        { secret: GITHUB_SECRET, name: 'github', scope: [{ contactListId: 1, importJobId: 2 }] },
      ],
    }),
  });
});

afterAll(async () => {
  await harness.close();
});

beforeEach(() => {
  harness.sandbox.reset();
  harness.sandbox.addImportJob(1, { importJobId: 4 });
  harness.sandbox.addImportJob(7, { importJobId: 70 });
});

const posts = () => harness.sandbox.runRequests().length;

const withKey = (key: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'x-api-key': key, 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('a scoped API key', () => {
  it.each([
    ['another job of an allowed list', { contactListId: 1, importJobId: 4 }],
    ['an event outside the target’s events', { contactListId: 1, importJobId: 2, customEvents: ['Other'] }],
    ['an allowed and a forbidden event', { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail', 'X'] }],
    ['a list it has no target for', { contactListId: 8, importJobId: 100 }],
  ])('cannot run %s: 403 out-of-scope, no POST', async (_case, command) => {
    // Act
    const response = await harness.request('/imports/run', withKey(ZAPIER_KEY, command));

    // Assert
    expect(response.status).toBe(403);
    expect((await jsonOf<ProblemJson>(response)).type).toMatch(/out-of-scope$/);
    expect(posts()).toBe(0);
  });

  it.each([
    ['every job of a list given without a job', { contactListId: 7, importJobId: 70, customEvents: ['Any'] }],
    ['its job with its allowed event', { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] }],
    ['its job with no event', { contactListId: 1, importJobId: 2 }],
  ])('runs %s', async (_case, command) => {
    // Act
    const response = await harness.request('/imports/run', withKey(ZAPIER_KEY, command));

    // Assert
    expect(response.status).toBe(200);
    expect(posts()).toBe(1);
  });

  it('cannot read the status of a job outside its scope', async () => {
    // Act
    const response = await harness.request('/contact-lists/1/imports/4', { headers: { 'x-api-key': ZAPIER_KEY } });

    // Assert
    expect(response.status).toBe(403);
    expect(harness.sandbox.requestCount).toBe(0);
  });

  it('names its principal in the outcome line, never the key', async () => {
    // Arrange
    const output = capturePrintedOutput();

    // Act
    await harness.request('/imports/run', withKey(ZAPIER_KEY, { contactListId: 7, importJobId: 70 }));

    // Assert
    const line = output.outcomes().at(-1);
    output.restore();
    expect(line).toMatchObject({ principal: 'zapier', status: 200 });
    expect(JSON.stringify(line)).not.toContain(ZAPIER_KEY);
  });
});

describe('a scoped hub-signature entry (a GitHub-style sender, whose body is its own event)', () => {
  const githubEvent = JSON.stringify({ action: 'completed', repository: { full_name: 'acme/site' } });

  it('may name its job in the path', async () => {
    // Arrange
    const delivery = await aHubDelivery(githubEvent, { secret: GITHUB_SECRET });

    // Act
    const response = await harness.request('/contact-lists/1/imports/2/run', posted(delivery));

    // Assert
    expect(response.status).toBe(200);
    expect(harness.sandbox.runRequests(1, 2)).toHaveLength(1);
  });

  it('cannot be replayed against a job outside its scope', async () => {
    // Arrange
    const delivery = await aHubDelivery(githubEvent, { secret: GITHUB_SECRET });

    // Act
    const response = await harness.request('/contact-lists/1/imports/4/run', posted(delivery));

    // Assert
    expect(response.status).toBe(403);
    expect(posts()).toBe(0);
  });

  it('runs a redelivery (same X-GitHub-Delivery) once', async () => {
    // Arrange
    const delivery = await aHubDelivery(githubEvent, { secret: GITHUB_SECRET, id: randomUUID() });

    // Act
    const first = await harness.request('/contact-lists/1/imports/2/run', posted(delivery));
    const redelivery = await harness.request('/contact-lists/1/imports/2/run', posted(delivery));

    // Assert
    expect([first.status, redelivery.status]).toEqual([200, 200]);
    expect(redelivery.headers.get('idempotent-replayed')).toBe('true');
    expect(posts()).toBe(1);
  });

  it('may read its own job’s status', async () => {
    // Arrange
    const { headers } = await aHubDelivery('', { secret: GITHUB_SECRET });

    // Act
    const response = await harness.request('/contact-lists/1/imports/2', { headers });

    // Assert
    expect(response.status).toBe(200);
  });
});

describe('idempotency keys, namespaced by principal', () => {
  it('an API-key caller sending webhook-id cannot reserve it: the genuine signed delivery still runs', async () => {
    // Arrange
    const id = `msg_${randomUUID()}`;
    const body = { contactListId: 1, importJobId: 2 };
    const squatter = await harness.request(
      '/imports/run',
      withKey(AN_API_KEY, { ...body, customEvents: ['X'] }, { 'webhook-id': id }),
    );

    // Act
    const genuine = await harness.request('/imports/run', posted(aStandardWebhook(JSON.stringify(body), { id })));

    // Assert
    expect([squatter.status, genuine.status]).toEqual([200, 200]);
    expect(genuine.headers.get('idempotent-replayed')).toBeNull();
    expect(posts()).toBe(2);
  });

  it('the same Idempotency-Key from two principals is two runs: neither reads nor blocks the other', async () => {
    // Arrange
    const key = { 'idempotency-key': randomUUID() };
    const first = await harness.request('/imports/run', withKey(AN_API_KEY, { contactListId: 1, importJobId: 2 }, key));

    // Act
    const other = await harness.request(
      '/imports/run',
      withKey(OTHER_API_KEY, { contactListId: 1, importJobId: 4 }, key),
    );

    // Assert
    expect([first.status, other.status]).toEqual([200, 200]);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect((await jsonOf(other)).id).toBe(4);
    expect(posts()).toBe(2);
  });

  it('two plain keys of one scheme, mid-rotation, are one principal: the same key replays', async () => {
    // Arrange
    const key = { 'idempotency-key': randomUUID() };
    await harness.request('/imports/run', withKey(AN_API_KEY, { contactListId: 1, importJobId: 2 }, key));

    // Act
    const rotated = await harness.request(
      '/imports/run',
      withKey(ROTATED_KEY, { contactListId: 1, importJobId: 2 }, key),
    );

    // Assert
    expect(rotated.headers.get('idempotent-replayed')).toBe('true');
    expect(posts()).toBe(1);
  });

  it('an unsigned X-GitHub-Delivery keys nothing for an API-key caller', async () => {
    // Arrange
    const delivery = { 'x-github-delivery': randomUUID() };

    // Act
    await harness.request('/imports/run', withKey(AN_API_KEY, { contactListId: 1, importJobId: 2 }, delivery));
    const second = await harness.request(
      '/imports/run',
      withKey(AN_API_KEY, { contactListId: 1, importJobId: 2 }, delivery),
    );

    // Assert
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(posts()).toBe(2);
  });
});

describe('duplicates racing a first attempt that hangs', () => {
  it('reach Which50 exactly once: the rest get 409 while it runs, then its answer', async () => {
    // Arrange
    const key = { 'idempotency-key': randomUUID() };
    const body = { contactListId: 1, importJobId: 2 };
    harness.sandbox.interceptOnce(delayThenServe(800), 'run');
    const first = harness.request('/imports/run', withKey(AN_API_KEY, body, key));
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Act
    const racing = await Promise.all(
      Array.from({ length: 10 }, () => harness.request('/imports/run', withKey(AN_API_KEY, body, key))),
    );
    const firstAnswer = await first;
    const after = await harness.request('/imports/run', withKey(AN_API_KEY, body, key));

    // Assert
    expect(racing.map(({ status }) => status)).toEqual(Array(10).fill(409));
    expect(racing.every((response) => response.headers.get('retry-after') !== null)).toBe(true);
    expect(firstAnswer.status).toBe(200);
    expect(after.headers.get('idempotent-replayed')).toBe('true');
    expect(posts()).toBe(1);
  });
});
