import { misconfigured, Problem } from '../http/problem';
import type { InboundCredentials } from '../secrets/adapter-secret';
import { acceptsApiKey } from './api-key';
import { checkHubSignature } from './hub-signature';
import type { InboundRequest } from './inbound-request';
import {
  checkStandardWebhook,
  DEFAULT_TOLERANCE_SECONDS,
  type StandardWebhookVerdict,
  standardWebhooksKey,
} from './standard-webhooks';

/** What the signature checks need beside the request: the clock and the timestamp tolerance. */
interface AuthenticationOptions {
  /** Default: the current time. */
  readonly now?: Date;
  /** Default: {@link DEFAULT_TOLERANCE_SECONDS} (`WEBHOOK_TOLERANCE_SECONDS` in the deployment). */
  readonly toleranceSeconds?: number;
}

const GENERIC_DETAIL = 'A valid API key (x-api-key or Authorization: Bearer) or webhook signature is required.';
const TOLERANCE_DETAIL =
  'The webhook signature timestamp is outside the tolerance; check the sender’s clock, or send the delivery again.';

const unauthorized = (detail: string): Problem =>
  new Problem(401, 'Unauthorized', detail, {}, { 'WWW-Authenticate': 'Bearer' });

/** The Standard Webhooks key, read before any request is judged, so a broken secret is always a 500. */
const standardWebhooksKeyOf = (inbound: InboundCredentials): Buffer | undefined => {
  if (inbound.standardWebhooksSecret === undefined) return undefined;
  const key = standardWebhooksKey(inbound.standardWebhooksSecret);
  if (key === undefined) {
    throw misconfigured(
      'The secret is invalid: field inbound.standardWebhooksSecret must be whsec_ followed by base64.',
    );
  }
  return key;
};

/**
 * Lets a request through when any scheme enabled in the secret accepts it (an API key, a Standard
 * Webhooks signature, a GitHub-style `x-hub-signature-256`), and refuses it with a 401 otherwise.
 * Signatures are checked over the raw body bytes, before anything is parsed. A secret that
 * enables no scheme lets nothing in: an adapter that ran imports for anyone because an operator
 * forgot a field would be worse than one that refuses. The 401 says no more than that a
 * credential is missing, except for a genuine signature whose timestamp is too old or too new.
 */
const authenticate = (
  request: InboundRequest,
  inbound: InboundCredentials,
  options: AuthenticationOptions = {},
): void => {
  const signingKey = standardWebhooksKeyOf(inbound);
  const apiKeys = inbound.apiKeys ?? [];
  if (apiKeys.length > 0 && acceptsApiKey(request.headers, apiKeys)) return;
  const standardWebhook: StandardWebhookVerdict =
    signingKey === undefined
      ? 'unsigned'
      : checkStandardWebhook(request, signingKey, {
          now: options.now ?? new Date(),
          toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
        });
  if (standardWebhook === 'accepted') return;
  if (inbound.hmacSha256Secret !== undefined && checkHubSignature(request, inbound.hmacSha256Secret) === 'accepted')
    return;
  throw unauthorized(standardWebhook === 'outside-tolerance' ? TOLERANCE_DETAIL : GENERIC_DETAIL);
};

export { type AuthenticationOptions, authenticate, type InboundRequest };
