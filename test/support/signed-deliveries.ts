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

/** A Standard Webhooks delivery signed by the reference library (`standardwebhooks`). */
const aStandardWebhook = (
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
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': new StandardWebhook(secret).sign(id, sentAt, body),
  },
});

/** The same scheme as Svix sends it, under its own header names, signed by the `svix` library. */
const aSvixDelivery = (
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
    'svix-id': id,
    'svix-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'svix-signature': new SvixWebhook(secret).sign(id, sentAt, body),
  },
});

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
