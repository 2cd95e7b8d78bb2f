import { createHmac, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { respondWith } from '../../../dev/which50-sandbox-faults';
import { type AdapterHarness, startAdapterHarness } from '../../support/adapter-harness';
import { capturePrintedOutput, type PrintedOutput } from '../../support/log-lines';

/** Every credential the adapter holds, each unique to this file so that a hit can only be a leak. */
const CREDENTIALS = {
  upstreamToken: 'redaction-upstream-token-5be1c0',
  apiKey: 'redaction-inbound-api-key-93d2aa',
  standardWebhooksSecret: `whsec_${Buffer.from('redaction-signing-key-0f44e1').toString('base64')}`,
  hubSecret: 'redaction-hub-secret-7c19b2',
} as const;

const RUN_BODY = JSON.stringify({ contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] });

const aLambdaContext = (): Context =>
  ({ awsRequestId: 'redaction', getRemainingTimeInMillis: () => 28_000 }) as unknown as Context;

/** A delivery signed by the reference Standard Webhooks library. */
const aStandardWebhook = (body = RUN_BODY): RequestInit => {
  const id = `msg_${randomUUID()}`;
  const sentAt = new Date();
  return {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': new Webhook(CREDENTIALS.standardWebhooksSecret).sign(id, sentAt, body),
    },
  };
};

/** A delivery signed GitHub-style, over the raw body. */
const aHubSignedDelivery = (body = RUN_BODY): RequestInit => ({
  method: 'POST',
  body,
  headers: {
    'content-type': 'application/json',
    'x-hub-signature-256': `sha256=${createHmac('sha256', CREDENTIALS.hubSecret).update(body).digest('hex')}`,
  },
});

const withKey = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'x-api-key': CREDENTIALS.apiKey, 'content-type': 'application/json', ...headers },
});

/**
 * Every value that must never be printed: the secret's values, the headers that carry them, and
 * the signatures made with them.
 */
const forbiddenValues = (deliveries: readonly RequestInit[]): string[] => {
  const signatures = deliveries.flatMap(({ headers }) => {
    const named = headers as Record<string, string>;
    return [named['webhook-signature'], named['x-hub-signature-256'], named.authorization].filter(
      (value): value is string => value !== undefined,
    );
  });
  return [
    ...Object.values(CREDENTIALS),
    CREDENTIALS.standardWebhooksSecret.replace(/^whsec_/, ''),
    `Bearer ${CREDENTIALS.upstreamToken}`,
    ...signatures,
  ];
};

describe('what the adapter prints, given every secret-bearing input', () => {
  let harness: AdapterHarness;
  let output: PrintedOutput;

  beforeAll(async () => {
    harness = await startAdapterHarness({
      secret: (sandbox) => {
        sandbox.setAuth({ scheme: 'bearer', token: CREDENTIALS.upstreamToken });
        return {
          which50: { baseUrl: sandbox.baseUrl, auth: { scheme: 'bearer', token: CREDENTIALS.upstreamToken } },
          inbound: {
            apiKeys: [CREDENTIALS.apiKey],
            standardWebhooksSecret: CREDENTIALS.standardWebhooksSecret,
            hmacSha256Secret: CREDENTIALS.hubSecret,
          },
        };
      },
      env: { POWERTOOLS_LOG_LEVEL: 'DEBUG' },
    });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.sandbox.reset();
    harness.sandbox.setAuth({ scheme: 'bearer', token: CREDENTIALS.upstreamToken });
    output = capturePrintedOutput();
  });
  afterEach(() => output.restore());

  it('prints no credential, header or signature, and no answer carries one, whatever the delivery', async () => {
    // Arrange
    const deliveries: RequestInit[] = [
      withKey({ contactListId: 1, importJobId: 2 }),
      withKey({ contactListId: 1, importJobId: 2 }, { authorization: `Bearer ${CREDENTIALS.apiKey}`, 'x-api-key': '' }),
      aStandardWebhook(),
      aHubSignedDelivery(),
      withKey({
        contactListId: 1,
        importJobId: 2,
        token: CREDENTIALS.upstreamToken,
        apiKey: CREDENTIALS.apiKey,
        password: CREDENTIALS.hubSecret,
      }),
      withKey({ contactListId: CREDENTIALS.apiKey, importJobId: 2 }),
      withKey({ contactListId: 1, importJobId: 2, customEvents: [CREDENTIALS.upstreamToken, CREDENTIALS.hubSecret] }),
      withKey({ contactListId: 1, importJobId: 2 }, { 'idempotency-key': CREDENTIALS.standardWebhooksSecret }),
      withKey({ contactListId: 1, importJobId: 2 }, { 'x-api-key': CREDENTIALS.upstreamToken }),
      aStandardWebhook(JSON.stringify({ contactListId: CREDENTIALS.hubSecret, importJobId: 2 })),
    ];

    // Act
    const bodies = [];
    for (const delivery of deliveries) {
      const response = await harness.request('/imports/run', delivery);
      bodies.push(await response.text());
    }

    // Assert
    expect(output.outcomes()).toHaveLength(deliveries.length);
    const printed = output.text();
    for (const value of forbiddenValues(deliveries)) {
      expect(printed).not.toContain(value);
      for (const body of bodies) expect(body).not.toContain(value);
    }
  });

  it('masks a credential a caller sent as data, in the line and in the problem it is answered', async () => {
    // Act
    const refused = await harness.request(
      '/imports/run',
      withKey({ contactListId: CREDENTIALS.apiKey, importJobId: 2 }),
    );
    const ran = await harness.request(
      '/imports/run',
      withKey({ contactListId: 1, importJobId: 2, customEvents: [CREDENTIALS.upstreamToken] }),
    );

    // Assert
    const [refusedLine, ranLine] = output.outcomes();
    expect(refusedLine?.problem.detail).toContain('[secret]');
    expect(await refused.text()).toContain('[secret]');
    expect(ran.status).toBe(200);
    expect(ranLine?.customEvents).toEqual(['[secret]']);
  });

  it('masks a credential Which50 echoes in an error message', async () => {
    // Arrange
    harness.sandbox.interceptOnce(
      respondWith(400, { Message: `Token ${CREDENTIALS.upstreamToken} may not run this job.` }),
      'run',
    );

    // Act
    const response = await harness.request('/imports/run', withKey({ contactListId: 1, importJobId: 2 }));

    // Assert
    expect(response.status).toBe(422);
    expect(await response.text()).not.toContain(CREDENTIALS.upstreamToken);
    expect(output.outcomes()[0]?.problem.detail).toBe('Token [secret] may not run this job.');
    expect(output.text()).not.toContain(CREDENTIALS.upstreamToken);
  });

  it('prints no credential for a schedule run whose input carries one', async () => {
    // Act
    await harness.handler(
      {
        source: 'schedule',
        scheduleName: 'nightly-welcome',
        scheduledTime: new Date().toISOString(),
        contactListId: 1,
        importJobId: 2,
        customEvents: [CREDENTIALS.apiKey],
      },
      aLambdaContext(),
    );

    // Assert
    expect(output.outcomes()[0]?.customEvents).toEqual(['[secret]']);
    expect(output.text()).not.toContain(CREDENTIALS.apiKey);
  });

  it('prints no credential when Which50 refuses the credential and the secret is fetched afresh', async () => {
    // Arrange
    harness.sandbox.setAuth({ scheme: 'bearer', token: 'redaction-rotated-token-1d9e77' });

    // Act
    const response = await harness.request('/imports/run', withKey({ contactListId: 1, importJobId: 2 }));

    // Assert
    expect(response.status).toBe(502);
    expect(output.outcomes()[0]).toMatchObject({ failureClass: 'upstream-4xx', upstreamStatus: 401, attempts: 2 });
    for (const value of forbiddenValues([])) expect(output.text()).not.toContain(value);
  });
});
