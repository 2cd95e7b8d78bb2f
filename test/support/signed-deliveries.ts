import { createHmac, randomUUID } from 'node:crypto';
import { sign as signHubPayload } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import type { Which50Sandbox } from '../../dev/which50-sandbox';
import { AN_API_KEY } from './factories';

/** Signing secrets of the test senders: real sizes, as an operator would configure them. */
const STANDARD_WEBHOOKS_SECRET = `whsec_${Buffer.from('adversarial-suite-signing-key-0001').toString('base64')}`;
const OTHER_STANDARD_WEBHOOKS_SECRET = `whsec_${Buffer.from('adversarial-suite-signing-key-0002').toString('base64')}`;
const HUB_SECRET = 'adversarial-suite-hub-secret-0001';
const OTHER_API_KEY = 'adversarial-suite-other-api-key';

/** A delivery as a sender puts it on the wire: the body's exact bytes and the headers that sign them. */
interface Delivery {
  readonly body: string;
  readonly headers: Record<string, string>;
}

interface SignOptions {
  readonly id?: string;
  readonly sentAt?: Date;
  readonly secret?: string;
  readonly contentType?: string;
}

/** A signer of the Standard Webhooks scheme: `standardwebhooks` and `svix` share this shape. */
type SchemeSigner = new (secret: string) => { sign(id: string, sentAt: Date, body: string): string };

/**
 * A delivery of the Standard Webhooks scheme signed by a sender's own library, under that sender's
 * header names (`webhook-*` or `svix-*`).
 */
const aSchemeDelivery =
  (Signer: SchemeSigner, prefix: 'webhook' | 'svix') =>
  (
    body: string,
    {
      id = `msg_${randomUUID()}`,
      sentAt = new Date(),
      secret = STANDARD_WEBHOOKS_SECRET,
      contentType = 'application/json',
    }: SignOptions = {},
  ): Delivery => ({
    body,
    headers: {
      'content-type': contentType,
      [`${prefix}-id`]: id,
      [`${prefix}-timestamp`]: String(Math.floor(sentAt.getTime() / 1000)),
      [`${prefix}-signature`]: new Signer(secret).sign(id, sentAt, body),
    },
  });

/** A Standard Webhooks delivery signed by the reference library (`standardwebhooks`). */
const aStandardWebhook = aSchemeDelivery(StandardWebhook, 'webhook');

/** The same scheme as Svix sends it, under its own header names, signed by the `svix` library. */
const aSvixDelivery = aSchemeDelivery(SvixWebhook, 'svix');

/**
 * The `sha256=<hex>` signature of a body. GitHub's own `@octokit/webhooks-methods` makes it; that
 * library refuses an empty payload (GitHub never sends one), so a bodiless GET is signed by hand.
 */
const hubSignature = async (secret: string, body: string): Promise<string> =>
  body === '' ? `sha256=${createHmac('sha256', secret).update('').digest('hex')}` : signHubPayload(secret, body);

/** A GitHub-style delivery; `id` becomes `X-GitHub-Delivery`. */
const aHubDelivery = async (
  body: string,
  { id, secret = HUB_SECRET, contentType = 'application/json' }: SignOptions = {},
): Promise<Delivery> => ({
  body,
  headers: {
    'content-type': contentType,
    'x-hub-signature-256': await hubSignature(secret, body),
    ...(id !== undefined && { 'x-github-delivery': id }),
  },
});

/** A POST of the delivery as it was signed, with any extra headers (an attacker's, say). */
const posted = ({ body, headers }: Delivery, extra: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { ...headers, ...extra },
  body,
});

/**
 * The adapter's secret pointing at the sandbox, with the inbound part a test writes (entries,
 * names, scopes); by default one unscoped entry of every scheme.
 */
const aSecretWithInbound =
  (
    inbound: Record<string, unknown> = {
      apiKeys: [AN_API_KEY],
      standardWebhooksSecret: STANDARD_WEBHOOKS_SECRET,
      hmacSha256Secret: HUB_SECRET,
    },
  ) =>
  (sandbox: Which50Sandbox) => ({ which50: { baseUrl: sandbox.baseUrl, auth: sandbox.auth }, inbound });

export {
  aHubDelivery,
  aSecretWithInbound,
  aStandardWebhook,
  aSvixDelivery,
  type Delivery,
  HUB_SECRET,
  OTHER_API_KEY,
  OTHER_STANDARD_WEBHOOKS_SECRET,
  posted,
  STANDARD_WEBHOOKS_SECRET,
};
