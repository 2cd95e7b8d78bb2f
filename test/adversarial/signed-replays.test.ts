import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { respondWith } from '../../dev/which50-sandbox-faults';
import { type AdapterHarness, jsonOf, type ProblemJson, startAdapterHarness } from '../support/adapter-harness';
import {
  aHubDelivery,
  aSecretWithInbound,
  aStandardWebhook,
  aSvixDelivery,
  type Delivery,
  HUB_SECRET,
  posted,
  STANDARD_WEBHOOKS_SECRET,
} from '../support/signed-deliveries';

/*
 * An attacker who captured one signed delivery (from a log, a proxy, a replayed request) tries to
 * make it run something else: another path, another job, extra events in the query, or the same
 * run again. Every case counts the POSTs that reached Which50.
 */

const SIGNED_RUN = JSON.stringify({ contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] });
const EVENTS_ONLY = JSON.stringify({ customEvents: ['SendWelcomeEmail'] });

/** Each way a signature can let a delivery in, through an unscoped entry. */
const SENDERS: readonly { readonly name: string; readonly sign: (body: string, id?: string) => Promise<Delivery> }[] = [
  { name: 'Standard Webhooks', sign: async (body, id) => aStandardWebhook(body, { id }) },
  { name: 'Svix headers', sign: async (body, id) => aSvixDelivery(body, { id }) },
  { name: 'hub signature', sign: (body, id) => aHubDelivery(body, { id }) },
];

let harness: AdapterHarness;

beforeAll(async () => {
  harness = await startAdapterHarness({
    secret: aSecretWithInbound({ standardWebhooksSecret: STANDARD_WEBHOOKS_SECRET, hmacSha256Secret: HUB_SECRET }),
  });
  harness.sandbox.addImportJob(1, { importJobId: 4 });
});

afterAll(async () => {
  await harness.close();
});

beforeEach(() => {
  harness.sandbox.reset();
  harness.sandbox.addImportJob(1, { importJobId: 4 });
});

const posts = () => harness.sandbox.runRequests().length;

describe.each(SENDERS)('a captured $name delivery through an unscoped entry', ({ sign }) => {
  it('runs what it was signed for', async () => {
    // Act
    const response = await harness.request('/imports/run', posted(await sign(SIGNED_RUN)));

    // Assert
    expect(response.status).toBe(200);
    expect(harness.sandbox.runRequests(1, 2)).toHaveLength(1);
  });

  it('cannot be sent to another job’s path: 400 clash, no POST', async () => {
    // Arrange
    const delivery = await sign(SIGNED_RUN);

    // Act
    const response = await harness.request('/contact-lists/1/imports/4/run', posted(delivery));

    // Assert
    expect(response.status).toBe(400);
    expect(posts()).toBe(0);
  });

  it('cannot have its job named by the path when the body names none: 403 unsigned-input, no POST', async () => {
    // Arrange
    const delivery = await sign(EVENTS_ONLY);

    // Act
    const response = await harness.request('/contact-lists/1/imports/4/run', posted(delivery));

    // Assert
    expect(response.status).toBe(403);
    const problem = await jsonOf<ProblemJson>(response);
    expect(problem.type).toMatch(/unsigned-input$/);
    expect(problem.errors?.map(({ field }) => field)).toEqual(['contactListId', 'importJobId']);
    expect(posts()).toBe(0);
  });

  it('cannot gain events from the query when the body gives none: 403 unsigned-input, no POST', async () => {
    // Arrange
    const delivery = await sign(JSON.stringify({ contactListId: 1, importJobId: 2 }));

    // Act
    const response = await harness.request('/imports/run?customEvents=AnyEvent', posted(delivery));

    // Assert
    expect(response.status).toBe(403);
    expect((await jsonOf<ProblemJson>(response)).errors).toEqual([
      { field: 'customEvents', message: 'is not in the signed body' },
    ]);
    expect(posts()).toBe(0);
  });

  it('cannot have its events changed by the query: 400 clash, no POST', async () => {
    // Act
    const response = await harness.request('/imports/run?custom_events=AnyEvent', posted(await sign(SIGNED_RUN)));

    // Assert
    expect(response.status).toBe(400);
    expect(posts()).toBe(0);
  });

  it('may repeat in the path exactly what the body says', async () => {
    // Act
    const response = await harness.request('/contact-lists/1/imports/2/run', posted(await sign(SIGNED_RUN)));

    // Assert
    expect(response.status).toBe(200);
    expect(harness.sandbox.runRequests(1, 2)).toHaveLength(1);
  });

  it('runs once however often it is replayed with its delivery id', async () => {
    // Arrange
    const delivery = await sign(SIGNED_RUN, `delivery-${randomUUID()}`);

    // Act
    const statuses = [];
    for (let replay = 0; replay < 3; replay += 1) {
      statuses.push((await harness.request('/imports/run', posted(delivery))).status);
    }

    // Assert
    expect(statuses).toEqual([200, 200, 200]);
    expect(posts()).toBe(1);
  });

  it('cannot read a job’s status: a signed GET needs a scoped entry', async () => {
    // Arrange
    const { headers } = await sign('');

    // Act
    const response = await harness.request('/contact-lists/1/imports/2', { headers });

    // Assert
    expect(response.status).toBe(403);
    expect(harness.sandbox.requestCount).toBe(0);
  });
});

describe('a Standard Webhooks delivery replayed after its first attempt certainly did not run', () => {
  it('runs its own command again, and never another job', async () => {
    // Arrange
    const delivery = aStandardWebhook(SIGNED_RUN);
    harness.sandbox.interceptOnce(respondWith(429, { Message: 'busy' }, { 'Retry-After': '600' }), 'run');
    const first = await harness.request('/imports/run', posted(delivery));

    // Act
    const elsewhere = await harness.request('/contact-lists/1/imports/4/run', posted(delivery));
    const retry = await harness.request('/imports/run', posted(delivery));

    // Assert
    expect([first.status, elsewhere.status, retry.status]).toEqual([503, 400, 200]);
    expect(harness.sandbox.runRequests(1, 4)).toHaveLength(0);
    expect(harness.sandbox.runRequests(1, 2)).toHaveLength(2);
  });
});

describe('a form-encoded signed delivery', () => {
  it('is held to the same coverage: the path cannot name its job', async () => {
    // Arrange
    const delivery = aStandardWebhook('customEvents=SendWelcomeEmail', {
      contentType: 'application/x-www-form-urlencoded',
    });

    // Act
    const response = await harness.request('/contact-lists/1/imports/4/run', posted(delivery));

    // Assert
    expect(response.status).toBe(403);
    expect(posts()).toBe(0);
  });
});

describe('a signed JSON body that wraps its fields in data', () => {
  it('counts the wrapped ids as signed', async () => {
    // Arrange
    const delivery = aStandardWebhook(JSON.stringify({ data: { contactListId: 1, importJobId: 2 } }));

    // Act
    const response = await harness.request('/contact-lists/1/imports/2/run', posted(delivery));

    // Assert
    expect(response.status).toBe(200);
    expect(posts()).toBe(1);
  });
});
