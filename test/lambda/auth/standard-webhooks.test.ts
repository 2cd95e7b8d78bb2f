import { Webhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { describe, expect, it } from 'vitest';
import type { InboundRequest } from '../../../lambda/auth/inbound-request';
import {
  checkStandardWebhook,
  DEFAULT_TOLERANCE_SECONDS,
  type StandardWebhookOptions,
} from '../../../lambda/auth/standard-webhooks';
import { anInbound } from '../../support/factories';

const SECRET = `whsec_${Buffer.from('standard-webhooks-unit-test-key!').toString('base64')}`;
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

/** The same delivery under Svix's header names, signed by Svix's own library acting as the sender. */
const svixHeaders = ({
  secret = SECRET,
  id = 'msg_svix_7Qa',
  sentAt = SENT_AT,
  body = BODY,
} = {}): Record<string, string> => ({
  'svix-id': id,
  'svix-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
  'svix-signature': new SvixWebhook(secret).sign(id, sentAt, body),
});

describe('checkStandardWebhook', () => {
  const configured = anInbound({ standardWebhooksSecret: SECRET }).standardWebhooks;

  it('accepts a delivery signed by a Standard Webhooks sender, naming the entry and the verified id', () => {
    // Act
    const verdict = checkStandardWebhook(aDelivery(), configured, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'accepted', entry: configured[0], messageId: 'msg_2p9Wq1' });
  });

  it('accepts a header listing several signatures when any one matches (key rotation)', () => {
    // Arrange
    const headers = signedHeaders();
    const fromOldKey = signedHeaders({ secret: OTHER_SECRET })['webhook-signature'];
    headers['webhook-signature'] = `${fromOldKey} ${headers['webhook-signature']}`;

    // Act
    const verdict = checkStandardWebhook(aDelivery(headers), configured, judgedAt());

    // Assert
    expect(verdict.verdict).toBe('accepted');
  });

  it('skips signatures of other versions and still finds the v1 one', () => {
    // Arrange
    const headers = signedHeaders();
    headers['webhook-signature'] = `v1a,${Buffer.alloc(64, 7).toString('base64')} ${headers['webhook-signature']}`;

    // Act
    const verdict = checkStandardWebhook(aDelivery(headers), configured, judgedAt());

    // Assert
    expect(verdict.verdict).toBe('accepted');
  });

  it('checks the exact bytes: a body changed by one character is refused', () => {
    // Arrange
    const tampered = BODY.replace('"importJobId":2', '"importJobId":3');

    // Act
    const verdict = checkStandardWebhook(aDelivery(signedHeaders(), tampered), configured, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });

  it('refuses a body that a JSON parser would read the same but whose bytes differ', () => {
    // Act
    const verdict = checkStandardWebhook(aDelivery(signedHeaders(), `${BODY} `), configured, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });

  it.each([
    ['webhook-id', 'msg_other'],
    ['webhook-timestamp', String(SENT_AT_SECONDS + 1)],
  ])('refuses a delivery whose %s was changed after signing', (header, value) => {
    // Arrange
    const headers = { ...signedHeaders(), [header]: value };

    // Act
    const verdict = checkStandardWebhook(aDelivery(headers), configured, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });

  it('refuses a delivery signed with another secret', () => {
    // Act
    const verdict = checkStandardWebhook(aDelivery(signedHeaders({ secret: OTHER_SECRET })), configured, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });

  it('accepts a delivery exactly at the edge of the tolerance', () => {
    // Act
    const verdict = checkStandardWebhook(
      aDelivery(),
      configured,
      judgedAt({ now: secondsAfterSending(DEFAULT_TOLERANCE_SECONDS) }),
    );

    // Assert
    expect(verdict.verdict).toBe('accepted');
  });

  it('reports a genuine delivery one second older than the tolerance as outside it', () => {
    // Act
    const verdict = checkStandardWebhook(
      aDelivery(),
      configured,
      judgedAt({ now: secondsAfterSending(DEFAULT_TOLERANCE_SECONDS + 1) }),
    );

    // Assert
    expect(verdict).toEqual({ verdict: 'outside-tolerance' });
  });

  it('reports a genuine delivery timestamped too far in the future as outside the tolerance', () => {
    // Act
    const verdict = checkStandardWebhook(
      aDelivery(),
      configured,
      judgedAt({ now: secondsAfterSending(-(DEFAULT_TOLERANCE_SECONDS + 1)) }),
    );

    // Assert
    expect(verdict).toEqual({ verdict: 'outside-tolerance' });
  });

  it('applies a configured tolerance rather than the default', () => {
    // Act
    const verdict = checkStandardWebhook(
      aDelivery(),
      configured,
      judgedAt({ now: secondsAfterSending(11), toleranceSeconds: 10 }),
    );

    // Assert
    expect(verdict).toEqual({ verdict: 'outside-tolerance' });
  });

  it('calls a stale delivery with a wrong signature refused, not outside the tolerance', () => {
    // Act
    const verdict = checkStandardWebhook(
      aDelivery(signedHeaders({ secret: OTHER_SECRET })),
      configured,
      judgedAt({ now: secondsAfterSending(3_600) }),
    );

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });

  it('finds an unsigned request unsigned', () => {
    // Act
    const verdict = checkStandardWebhook(aDelivery({ 'content-type': 'application/json' }), configured, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'unsigned' });
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('refuses a delivery missing %s', (header) => {
    // Arrange
    const { [header]: _missing, ...headers } = signedHeaders();

    // Act
    const verdict = checkStandardWebhook(aDelivery(headers), configured, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
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
    const verdict = checkStandardWebhook(aDelivery(headers), configured, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
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
    const verdict = checkStandardWebhook(aDelivery(headers), configured, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });

  it('names the second entry when its secret signed the delivery', () => {
    // Arrange
    const entries = anInbound({
      standardWebhooksSecret: [
        { secret: SECRET, name: 'billing' },
        { secret: OTHER_SECRET, name: 'crm' },
      ],
    }).standardWebhooks;

    // Act
    const verdict = checkStandardWebhook(aDelivery(signedHeaders({ secret: OTHER_SECRET })), entries, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'accepted', entry: entries[1], messageId: 'msg_2p9Wq1' });
  });

  it('names the first entry when two entries hold the same secret', () => {
    // Arrange
    const entries = anInbound({
      standardWebhooksSecret: [
        { secret: SECRET, name: 'first' },
        { secret: SECRET, name: 'second' },
      ],
    }).standardWebhooks;

    // Act
    const verdict = checkStandardWebhook(aDelivery(), entries, judgedAt());

    // Assert
    expect(verdict.verdict === 'accepted' && verdict.entry.name).toBe('first');
  });

  it('refuses a delivery that none of several entries signed', () => {
    // Arrange
    const entries = anInbound({ standardWebhooksSecret: [SECRET, OTHER_SECRET] }).standardWebhooks;
    const stranger = `whsec_${Buffer.from('a-third-sender-nobody-configured').toString('base64')}`;

    // Act
    const verdict = checkStandardWebhook(aDelivery(signedHeaders({ secret: stranger })), entries, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });
});

describe('checkStandardWebhook under Svix header names', () => {
  const configured = anInbound({ standardWebhooksSecret: SECRET }).standardWebhooks;

  it('accepts a delivery signed by Svix, its verified id taken from svix-id', () => {
    // Act
    const verdict = checkStandardWebhook(aDelivery(svixHeaders()), configured, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'accepted', entry: configured[0], messageId: 'msg_svix_7Qa' });
  });

  it.each([
    ['svix-id', 'msg_svix_other'],
    ['svix-timestamp', String(SENT_AT_SECONDS + 1)],
  ])('refuses a Svix delivery whose %s was changed after signing', (header, value) => {
    // Arrange
    const headers = { ...svixHeaders(), [header]: value };

    // Act
    const verdict = checkStandardWebhook(aDelivery(headers), configured, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });

  it('refuses a Svix delivery whose body changed after signing', () => {
    // Act
    const verdict = checkStandardWebhook(
      aDelivery(svixHeaders(), BODY.replace('"contactListId":1', '"contactListId":9')),
      configured,
      judgedAt(),
    );

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });

  it('reports a genuine Svix delivery older than the tolerance as outside it', () => {
    // Act
    const verdict = checkStandardWebhook(
      aDelivery(svixHeaders()),
      configured,
      judgedAt({ now: secondsAfterSending(DEFAULT_TOLERANCE_SECONDS + 1) }),
    );

    // Assert
    expect(verdict).toEqual({ verdict: 'outside-tolerance' });
  });

  it.each(['svix-id', 'svix-timestamp', 'svix-signature'])('refuses a Svix delivery missing %s', (header) => {
    // Arrange
    const { [header]: _missing, ...headers } = svixHeaders();

    // Act
    const verdict = checkStandardWebhook(aDelivery(headers), configured, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });

  it.each([
    ['webhook-id beside the svix timestamp and signature', 'webhook-id'],
    ['webhook-timestamp beside the svix id and signature', 'webhook-timestamp'],
    ['webhook-signature beside the svix id and timestamp', 'webhook-signature'],
  ])('refuses a mixed set: %s', (_case, webhookHeader) => {
    // Arrange: one genuine delivery, one of its headers renamed to the other naming
    const svix = svixHeaders();
    const renamed = `svix-${webhookHeader.slice('webhook-'.length)}`;
    const { [renamed]: value, ...others } = svix;
    const headers = { ...others, [webhookHeader]: value as string };

    // Act
    const verdict = checkStandardWebhook(aDelivery(headers), configured, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });

  it('judges the webhook-* set alone when both namings are sent whole, so a forged set cannot borrow a genuine one', () => {
    // Arrange
    const forged = signedHeaders({ secret: OTHER_SECRET, id: 'msg_forged' });
    const headers = { ...svixHeaders(), ...forged };

    // Act
    const verdict = checkStandardWebhook(aDelivery(headers), configured, judgedAt());

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });
});
