import { Problem } from '../http/problem';
import type { InboundCredentials } from '../secrets/inbound-credentials';
import { matchingApiKey } from './api-key';
import type { InboundRequest } from './inbound-request';
import { type Principal, principalOf } from './principal';

/** What the signature checks need beside the request: the clock and the timestamp tolerance. */
interface AuthenticationOptions {
  /** Default: the current time. */
  readonly now?: Date;
  /** Default: 300 s, the specification's (`WEBHOOK_TOLERANCE_SECONDS` in the deployment). */
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
const SIGNATURE_HEADERS = ['webhook-signature', 'svix-signature', 'x-hub-signature-256'] as const;

const unauthorized = (detail: string): Problem =>
  new Problem(401, 'Unauthorized', detail, {}, { 'WWW-Authenticate': 'Bearer' });

/**
 * Lets a request through when an entry of any scheme enabled in the secret accepts it (an API
 * key, a Standard Webhooks signature, a GitHub-style `x-hub-signature-256`), naming the entry's
 * principal, and refuses it with a 401 otherwise. Signatures are checked over the raw body bytes,
 * before anything is parsed, by code loaded only for requests that carry one. A secret that
 * enables no scheme lets nothing in: an adapter that ran imports for anyone because an operator
 * forgot a field would be worse than one that refuses. The 401 says no more than that a
 * credential is missing, except for a genuine signature whose timestamp is too old or too new.
 */
const authenticate = async (
  request: InboundRequest,
  inbound: InboundCredentials,
  options: AuthenticationOptions = {},
): Promise<Authentication> => {
  const apiKey = inbound.apiKeys.length > 0 ? matchingApiKey(request.headers, inbound.apiKeys) : undefined;
  if (apiKey !== undefined) return { principal: principalOf(apiKey, 'api-key'), signed: false };
  if (SIGNATURE_HEADERS.every((header) => request.headers[header] === undefined)) throw unauthorized(GENERIC_DETAIL);
  const { judgeSignature } = await import('./signed-delivery');
  const verdict = judgeSignature(request, inbound, options);
  if (verdict.ok) return verdict.authentication;
  throw unauthorized(verdict.outsideTolerance ? TOLERANCE_DETAIL : GENERIC_DETAIL);
};

export { type Authentication, type AuthenticationOptions, authenticate, type InboundRequest };
