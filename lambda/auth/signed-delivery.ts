import type { InboundCredentials } from '../secrets/inbound-credentials';
import type { Authentication } from './authenticate';
import { checkHubSignature } from './hub-signature';
import type { InboundRequest } from './inbound-request';
import { principalOf } from './principal';
import { checkStandardWebhook, DEFAULT_TOLERANCE_SECONDS } from './standard-webhooks';

/** How a signed delivery was judged: who sent it, or why it was refused. */
type SignatureVerdict =
  | { readonly ok: true; readonly authentication: Authentication }
  | { readonly ok: false; readonly outsideTolerance: boolean };

/**
 * Judges a request that carries a signature: a Standard Webhooks delivery (`webhook-*` or Svix's
 * `svix-*` headers) against every `standardWebhooksSecret` entry, then a GitHub-style
 * `x-hub-signature-256` against every `hmacSha256Secret` entry. Loaded only for requests that
 * carry one of those headers, so API-key callers never pay for it.
 */
const judgeSignature = (
  request: InboundRequest,
  inbound: InboundCredentials,
  { now = new Date(), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS }: { now?: Date; toleranceSeconds?: number },
): SignatureVerdict => {
  const standardWebhook =
    inbound.standardWebhooks.length > 0
      ? checkStandardWebhook(request, inbound.standardWebhooks, { now, toleranceSeconds })
      : ({ verdict: 'unsigned' } as const);
  if (standardWebhook.verdict === 'accepted') {
    const principal = principalOf(standardWebhook.entry, 'standard-webhooks');
    return { ok: true, authentication: { principal, signed: true, messageId: standardWebhook.messageId } };
  }
  const hub = inbound.hubSignatures.length > 0 ? checkHubSignature(request, inbound.hubSignatures) : undefined;
  if (hub?.verdict === 'accepted') {
    return { ok: true, authentication: { principal: principalOf(hub.entry, 'hub-signature'), signed: true } };
  }
  return { ok: false, outsideTolerance: standardWebhook.verdict === 'outside-tolerance' };
};

export { judgeSignature, type SignatureVerdict };
