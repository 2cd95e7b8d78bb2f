import { Problem } from '../http/problem';
import type { InboundCredentials } from '../secrets/inbound-credentials';
import { matchingApiKey } from './api-key';
import { checkHubSignature } from './hub-signature';
import type { InboundRequest } from './inbound-request';
import { type Principal, principalOf } from './principal';
import { checkStandardWebhook, DEFAULT_TOLERANCE_SECONDS } from './standard-webhooks';

/** What the signature checks need beside the request: the clock and the timestamp tolerance. */
interface AuthenticationOptions {
  /** Default: the current time. */
  readonly now?: Date;
  /** Default: {@link DEFAULT_TOLERANCE_SECONDS} (`WEBHOOK_TOLERANCE_SECONDS` in the deployment). */
  readonly toleranceSeconds?: number;
}

/**
 * Who let a request in, and what only that way in can vouch for: a verified Standard Webhooks
 * delivery's id (`messageId`, signed with the body), which no other credential may key a run on.
 */
interface Authentication {
  readonly principal: Principal;
  /** True when a signature let the request in: it then covers the body only, never path or query. */
  readonly signed: boolean;
  /** The verified `webhook-id` (or `svix-id`) of a Standard Webhooks delivery. */
  readonly messageId?: string;
}

const GENERIC_DETAIL = 'A valid API key (x-api-key or Authorization: Bearer) or webhook signature is required.';
const TOLERANCE_DETAIL =
  'The webhook signature timestamp is outside the tolerance; check the sender’s clock, or send the delivery again.';

const unauthorized = (detail: string): Problem =>
  new Problem(401, 'Unauthorized', detail, {}, { 'WWW-Authenticate': 'Bearer' });

/**
 * Lets a request through when an entry of any scheme enabled in the secret accepts it (an API
 * key, a Standard Webhooks signature, a GitHub-style `x-hub-signature-256`), naming the entry's
 * principal, and refuses it with a 401 otherwise. Signatures are checked over the raw body bytes,
 * before anything is parsed. A secret that enables no scheme lets nothing in: an adapter that ran
 * imports for anyone because an operator forgot a field would be worse than one that refuses. The
 * 401 says no more than that a credential is missing, except for a genuine signature whose
 * timestamp is too old or too new.
 */
const authenticate = (
  request: InboundRequest,
  inbound: InboundCredentials,
  options: AuthenticationOptions = {},
): Authentication => {
  const apiKey = inbound.apiKeys.length > 0 ? matchingApiKey(request.headers, inbound.apiKeys) : undefined;
  if (apiKey !== undefined) return { principal: principalOf(apiKey, 'api-key'), signed: false };
  const standardWebhook =
    inbound.standardWebhooks.length > 0
      ? checkStandardWebhook(request, inbound.standardWebhooks, {
          now: options.now ?? new Date(),
          toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
        })
      : { verdict: 'unsigned' as const };
  if (standardWebhook.verdict === 'accepted') {
    return {
      principal: principalOf(standardWebhook.entry, 'standard-webhooks'),
      signed: true,
      messageId: standardWebhook.messageId,
    };
  }
  const hub = inbound.hubSignatures.length > 0 ? checkHubSignature(request, inbound.hubSignatures) : undefined;
  if (hub?.verdict === 'accepted') return { principal: principalOf(hub.entry, 'hub-signature'), signed: true };
  throw unauthorized(standardWebhook.verdict === 'outside-tolerance' ? TOLERANCE_DETAIL : GENERIC_DETAIL);
};

export { type Authentication, type AuthenticationOptions, authenticate, type InboundRequest };
