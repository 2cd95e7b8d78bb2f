import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import type { InboundRequest } from '../../../lambda/auth/inbound-request';
import {
  checkStandardWebhook,
  DEFAULT_TOLERANCE_SECONDS,
  type StandardWebhookOptions,
  standardWebhooksKey,
} from '../../../lambda/auth/standard-webhooks';

const KEY_BYTES = Buffer.from('standard-webhooks-unit-test-key!');
const SECRET = `whsec_${KEY_BYTES.toString('base64')}`;
const OTHER_SECRET = `whsec_${Buffer.from('another-sender-s-signing-key-000').toString('base64')}`;
const BODY = '{"contactListId":1,"importJobId":2,"customEvents":["SendWelcomeEmail"]}';
const SENT_AT = new Date('2026-11-26T10:00:00.000Z');
const SENT_AT_SECONDS = Math.floor(SENT_AT.getTime() / 1000);

/** The three Standard Webhooks headers, signed by the reference library acting as the sender. */
const signedHeaders = ({
  secret = SECRET,
  id = 'msg_2p9Wq1',
  sentAt = SENT_AT,
  body = BODY,
} = {}): Record<string, string> => ({
  'webhook-id': id,
  'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
  'webhook-signature': new Webhook(secret).sign(id, sentAt, body),
});

/** A delivery as the adapter receives it: the signed headers (or others) over the body's bytes. */
const aDelivery = (headers: Record<string, string> = signedHeaders(), body = BODY): InboundRequest => ({
  headers,
  rawBody: Buffer.from(body, 'utf8'),
});

/** Judged at the moment it was sent, with the default tolerance, unless a test says otherwise. */
const judgedAt = (overrides: Partial<StandardWebhookOptions> = {}): StandardWebhookOptions => ({
  now: SENT_AT,
  toleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
  ...overrides,
});

const secondsAfterSending = (seconds: number): Date => new Date(SENT_AT.getTime() + seconds * 1000);

describe('standardWebhooksKey', () => {
  it('decodes the key of a whsec_ secret', () => {
    // Act
    const key = standardWebhooksKey(SECRET);

    // Assert
    expect(key?.equals(KEY_BYTES)).toBe(true);
  });

  it('decodes a secret given without the whsec_ prefix, as the reference library does', () => {
    // Act
    const key = standardWebhooksKey(KEY_BYTES.toString('base64'));

    // Assert
    expect(key?.equals(KEY_BYTES)).toBe(true);
  });

  it.each([
    ['only the prefix', 'whsec_'],
    ['characters outside base64', 'whsec_not base64!'],
    ['base64 cut short', 'whsec_c2VjcmV0a2V5M'],
  ])('refuses a secret with %s', (_case, secret) => {
    // Act
    const key = standardWebhooksKey(secret);

    // Assert
    expect(key).toBeUndefined();
  });
});

describe('checkStandardWebhook', () => {
  const key = standardWebhooksKey(SECRET) as Buffer;

  it('accepts a delivery signed by a Standard Webhooks sender', () => {
    // Act
    const verdict = checkStandardWebhook(aDelivery(), key, judgedAt());

    // Assert
    expect(verdict).toBe('accepted');
  });

  it('accepts a header listing several signatures when any one matches (key rotation)', () => {
    // Arrange
    const headers = signedHeaders();
    const fromOldKey = signedHeaders({ secret: OTHER_SECRET })['webhook-signature'];
    headers['webhook-signature'] = `${fromOldKey} ${headers['webhook-signature']}`;

    // Act
    const verdict = checkStandardWebhook(aDelivery(headers), key, judgedAt());

    // Assert
    expect(verdict).toBe('accepted');
  });

  it('skips signatures of other versions and still finds the v1 one', () => {
    // Arrange
    const headers = signedHeaders();
    headers['webhook-signature'] = `v1a,${Buffer.alloc(64, 7).toString('base64')} ${headers['webhook-signature']}`;

    // Act
    const verdict = checkStandardWebhook(aDelivery(headers), key, judgedAt());

    // Assert
    expect(verdict).toBe('accepted');
  });

  it('checks the exact bytes: a body changed by one character is refused', () => {
    // Arrange
    const tampered = BODY.replace('"importJobId":2', '"importJobId":3');

    // Act
    const verdict = checkStandardWebhook(aDelivery(signedHeaders(), tampered), key, judgedAt());

    // Assert
    expect(verdict).toBe('refused');
  });

  it('refuses a body that a JSON parser would read the same but whose bytes differ', () => {
    // Act
    const verdict = checkStandardWebhook(aDelivery(signedHeaders(), `${BODY} `), key, judgedAt());

    // Assert
    expect(verdict).toBe('refused');
  });

  it.each([
    ['webhook-id', 'msg_other'],
    ['webhook-timestamp', String(SENT_AT_SECONDS + 1)],
  ])('refuses a delivery whose %s was changed after signing', (header, value) => {
    // Arrange
    const headers = { ...signedHeaders(), [header]: value };

    // Act
    const verdict = checkStandardWebhook(aDelivery(headers), key, judgedAt());

    // Assert
    expect(verdict).toBe('refused');
  });

  it('refuses a delivery signed with another secret', () => {
    // Act
    const verdict = checkStandardWebhook(aDelivery(signedHeaders({ secret: OTHER_SECRET })), key, judgedAt());

    // Assert
    expect(verdict).toBe('refused');
  });

  it('accepts a delivery exactly at the edge of the tolerance', () => {
    // Act
    const verdict = checkStandardWebhook(
      aDelivery(),
      key,
      judgedAt({ now: secondsAfterSending(DEFAULT_TOLERANCE_SECONDS) }),
    );

    // Assert
    expect(verdict).toBe('accepted');
  });

  it('reports a genuine delivery one second older than the tolerance as outside it', () => {
    // Act
    const verdict = checkStandardWebhook(
      aDelivery(),
      key,
      judgedAt({ now: secondsAfterSending(DEFAULT_TOLERANCE_SECONDS + 1) }),
    );

    // Assert
    expect(verdict).toBe('outside-tolerance');
  });

  it('reports a genuine delivery timestamped too far in the future as outside the tolerance', () => {
    // Act
    const verdict = checkStandardWebhook(
      aDelivery(),
      key,
      judgedAt({ now: secondsAfterSending(-(DEFAULT_TOLERANCE_SECONDS + 1)) }),
    );

    // Assert
    expect(verdict).toBe('outside-tolerance');
  });

  it('applies a configured tolerance rather than the default', () => {
    // Act
    const verdict = checkStandardWebhook(
      aDelivery(),
      key,
      judgedAt({ now: secondsAfterSending(11), toleranceSeconds: 10 }),
    );

    // Assert
    expect(verdict).toBe('outside-tolerance');
  });

  it('calls a stale delivery with a wrong signature refused, not outside the tolerance', () => {
    // Act
    const verdict = checkStandardWebhook(
      aDelivery(signedHeaders({ secret: OTHER_SECRET })),
      key,
      judgedAt({ now: secondsAfterSending(3_600) }),
    );

    // Assert
    expect(verdict).toBe('refused');
  });

  it('finds an unsigned request unsigned', () => {
    // Act
    const verdict = checkStandardWebhook(aDelivery({ 'content-type': 'application/json' }), key, judgedAt());

    // Assert
    expect(verdict).toBe('unsigned');
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('refuses a delivery missing %s', (header) => {
    // Arrange
    const { [header]: _missing, ...headers } = signedHeaders();

    // Act
    const verdict = checkStandardWebhook(aDelivery(headers), key, judgedAt());

    // Assert
    expect(verdict).toBe('refused');
  });

  it.each([
    ['garbage base64', 'v1,@@not*base64@@'],
    ['base64 of a digest of the wrong length', `v1,${Buffer.alloc(16, 1).toString('base64')}`],
    ['a signature without its version', signedHeaders()['webhook-signature']?.slice(3) ?? ''],
    ['an empty v1 entry', 'v1,'],
    ['only spaces', '   '],
  ])('refuses, without throwing, a signature header holding %s', (_case, signature) => {
    // Arrange
    const headers = { ...signedHeaders(), 'webhook-signature': signature };

    // Act
    const verdict = checkStandardWebhook(aDelivery(headers), key, judgedAt());

    // Assert
    expect(verdict).toBe('refused');
  });

  it.each([
    ['words', 'yesterday'],
    ['a fraction', `${SENT_AT_SECONDS}.5`],
    ['milliseconds', String(SENT_AT.getTime())],
    ['a negative number', '-1'],
  ])('refuses a timestamp given as %s', (_case, timestamp) => {
    // Arrange
    const headers = { ...signedHeaders(), 'webhook-timestamp': timestamp };

    // Act
    const verdict = checkStandardWebhook(aDelivery(headers), key, judgedAt());

    // Assert
    expect(verdict).toBe('refused');
  });
});
