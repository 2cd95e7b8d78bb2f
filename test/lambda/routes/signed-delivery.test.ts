import { createHmac, randomUUID } from 'node:crypto';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Which50Sandbox } from '../../../dev/which50-sandbox';
import {
  type AdapterHarness,
  jsonOf,
  type ProblemJson,
  postJson,
  startAdapterHarness,
} from '../../support/adapter-harness';
import { AN_API_KEY, anApiGatewayEvent } from '../../support/factories';

const STANDARD_WEBHOOKS_SECRET = `whsec_${Buffer.from('signed-delivery-test-signing-key').toString('base64')}`;
const HUB_SECRET = 'signed-delivery-hub-secret';
const RUN_BODY = JSON.stringify({ contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] });

/** The adapter's secret with every inbound scheme enabled. */
const secretWithEveryScheme = (sandbox: Which50Sandbox) => ({
  which50: { baseUrl: sandbox.baseUrl, auth: sandbox.auth },
  inbound: { apiKeys: [AN_API_KEY], standardWebhooksSecret: STANDARD_WEBHOOKS_SECRET, hmacSha256Secret: HUB_SECRET },
});

interface Delivery {
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** A delivery as a Standard Webhooks sender makes it, signed by the reference library. */
const aStandardWebhook = ({
  body = RUN_BODY,
  id = `msg_${randomUUID()}`,
  sentAt = new Date(),
  secret = STANDARD_WEBHOOKS_SECRET,
} = {}): Delivery => ({
  body,
  headers: {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, sentAt, body),
  },
});

/** A delivery as GitHub-style senders make it: an HMAC-SHA256 of the body, in hex. */
const aHubSignedDelivery = ({ body = RUN_BODY, secret = HUB_SECRET } = {}): Delivery => ({
  body,
  headers: {
    'content-type': 'application/json',
    'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
  },
});

const post = ({ body, headers }: Delivery): RequestInit => ({ method: 'POST', headers, body });

const secondsAgo = (seconds: number): Date => new Date(Date.now() - seconds * 1000);

const aLambdaContext = (): Context => ({ getRemainingTimeInMillis: () => 28_000 }) as unknown as Context;

describe('signed deliveries to POST /imports/run', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness({ secret: secretWithEveryScheme });
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.sandbox.reset());

  describe('Standard Webhooks', () => {
    it('runs a delivery signed by a real Standard Webhooks sender', async () => {
      // Act
      const response = await harness.request('/imports/run', post(aStandardWebhook()));

      // Assert
      expect(response.status).toBe(200);
      expect(await jsonOf(response)).toMatchObject({ id: 2, contactListId: 1 });
      expect(harness.sandbox.runRequests(1, 2)[0]?.customEvents).toEqual(['SendWelcomeEmail']);
    });

    it.each([
      [
        'one byte of the body',
        (delivery: Delivery) => ({ ...delivery, body: delivery.body.replace('"importJobId":2', '"importJobId":3') }),
      ],
      ['the body’s spacing only', (delivery: Delivery) => ({ ...delivery, body: `${delivery.body}\n` })],
      [
        'the webhook-id',
        (delivery: Delivery) => ({ ...delivery, headers: { ...delivery.headers, 'webhook-id': 'msg_other' } }),
      ],
      [
        'the webhook-timestamp',
        (delivery: Delivery) => ({
          ...delivery,
          headers: {
            ...delivery.headers,
            'webhook-timestamp': String(Number(delivery.headers['webhook-timestamp']) - 1),
          },
        }),
      ],
      [
        'the first character of the signature',
        (delivery: Delivery) => {
          const signature = delivery.headers['webhook-signature'] ?? '';
          const changed = `v1,${signature[3] === 'A' ? 'B' : 'A'}${signature.slice(4)}`;
          return { ...delivery, headers: { ...delivery.headers, 'webhook-signature': changed } };
        },
      ],
    ])('refuses the delivery, and runs nothing, when %s is changed', async (_part, tamper) => {
      // Act
      const response = await harness.request('/imports/run', post(tamper(aStandardWebhook())));

      // Assert
      expect(response.status).toBe(401);
      expect(harness.sandbox.runRequests()).toHaveLength(0);
    });

    it('refuses a delivery signed with another secret', async () => {
      // Arrange
      const otherSecret = `whsec_${Buffer.from('a-different-senders-signing-key!').toString('base64')}`;

      // Act
      const response = await harness.request('/imports/run', post(aStandardWebhook({ secret: otherSecret })));

      // Assert
      expect(response.status).toBe(401);
      expect((await jsonOf<ProblemJson>(response)).detail).not.toMatch(/tolerance/);
    });

    it.each([
      ['older than the tolerance', 301],
      ['too far in the future', -301],
    ])('refuses a genuine delivery timestamped %s, saying so', async (_case, age) => {
      // Act
      const response = await harness.request('/imports/run', post(aStandardWebhook({ sentAt: secondsAgo(age) })));

      // Assert
      expect(response.status).toBe(401);
      expect((await jsonOf<ProblemJson>(response)).detail).toMatch(/timestamp is outside the tolerance/);
      expect(harness.sandbox.runRequests()).toHaveLength(0);
    });

    it('accepts a delivery sent a little under the tolerance ago', async () => {
      // Act
      const response = await harness.request('/imports/run', post(aStandardWebhook({ sentAt: secondsAgo(290) })));

      // Assert
      expect(response.status).toBe(200);
    });

    it('answers a retried delivery (same webhook-id, signed anew) with the first answer, running once', async () => {
      // Arrange
      const id = `msg_${randomUUID()}`;
      const first = await harness.request('/imports/run', post(aStandardWebhook({ id, sentAt: secondsAgo(60) })));
      const firstBody = await first.text();

      // Act
      const retry = await harness.request('/imports/run', post(aStandardWebhook({ id })));

      // Assert
      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await retry.text()).toBe(firstBody);
      expect(harness.sandbox.runRequests()).toHaveLength(1);
    });

    it('refuses an unsigned request with text/plain as 401, not 415: the credential is checked first', async () => {
      // Act
      const response = await harness.request('/imports/run', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      });

      // Assert
      expect(response.status).toBe(401);
    });

    it('answers a signed request with an unsupported media type 415', async () => {
      // Arrange
      const delivery = aStandardWebhook({ body: 'contactListId 1' });

      // Act
      const response = await harness.request(
        '/imports/run',
        post({ ...delivery, headers: { ...delivery.headers, 'content-type': 'text/plain' } }),
      );

      // Assert
      expect(response.status).toBe(415);
    });
  });

  describe('GitHub-style x-hub-signature-256', () => {
    it('runs a delivery signed with a plain HMAC of the body', async () => {
      // Act
      const response = await harness.request('/imports/run', post(aHubSignedDelivery()));

      // Assert
      expect(response.status).toBe(200);
      expect(harness.sandbox.runRequests(1, 2)).toHaveLength(1);
    });

    it('refuses a delivery whose body was changed after signing', async () => {
      // Arrange
      const delivery = aHubSignedDelivery();

      // Act
      const response = await harness.request(
        '/imports/run',
        post({ ...delivery, body: delivery.body.replace('2', '3') }),
      );

      // Assert
      expect(response.status).toBe(401);
      expect(harness.sandbox.runRequests()).toHaveLength(0);
    });

    it('refuses a delivery signed with another secret', async () => {
      // Act
      const response = await harness.request('/imports/run', post(aHubSignedDelivery({ secret: 'guessed-secret' })));

      // Assert
      expect(response.status).toBe(401);
    });
  });

  describe('beside the signatures', () => {
    it('still lets in a caller with the API key', async () => {
      // Act
      const response = await harness.request('/imports/run', postJson(RUN_BODY, { 'x-api-key': AN_API_KEY }));

      // Assert
      expect(response.status).toBe(200);
    });

    it('checks the signature over the bytes the sender sent when API Gateway hands the body over in base64', async () => {
      // Arrange
      const delivery = aStandardWebhook();
      const event = anApiGatewayEvent({
        resource: '/imports/run',
        path: '/imports/run',
        httpMethod: 'POST',
        headers: delivery.headers,
        body: Buffer.from(delivery.body, 'utf8').toString('base64'),
        isBase64Encoded: true,
      });

      // Act
      const result = (await harness.handler(event, aLambdaContext())) as APIGatewayProxyResult;

      // Assert
      expect(result.statusCode).toBe(200);
      expect(harness.sandbox.runRequests(1, 2)).toHaveLength(1);
    });
  });
});

describe('WEBHOOK_TOLERANCE_SECONDS', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness({ secret: secretWithEveryScheme, env: { WEBHOOK_TOLERANCE_SECONDS: '30' } });
  });
  afterAll(() => harness.close());

  it('narrows the tolerance: a delivery signed a minute ago is refused', async () => {
    // Act
    const response = await harness.request('/imports/run', post(aStandardWebhook({ sentAt: secondsAgo(60) })));

    // Assert
    expect(response.status).toBe(401);
    expect((await jsonOf<ProblemJson>(response)).detail).toMatch(/tolerance/);
  });

  it('still accepts a delivery signed within it', async () => {
    // Act
    const response = await harness.request('/imports/run', post(aStandardWebhook({ sentAt: secondsAgo(10) })));

    // Assert
    expect(response.status).toBe(200);
  });
});
