import { createHmac } from 'node:crypto';
import { digestsMatch } from './digest-match';
import type { InboundRequest } from './inbound-request';

/** How a signature check ended: no signature sent, a signature that one entry's secret made, or one none made. */
type HubSignatureVerdict<Entry> =
  | { readonly verdict: 'unsigned' | 'refused' }
  | { readonly verdict: 'accepted'; readonly entry: Entry };

const HEADER = 'x-hub-signature-256';
const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks GitHub's style of webhook signature, `x-hub-signature-256: sha256=<hex>`, an HMAC-SHA256
 * of the raw body under a shared secret. It reads the bytes as sent, before any parsing, so a body
 * that a parser would read the same way but that differs by one byte is refused. Anything
 * malformed is refused, never thrown: a request cannot make the check fail loudly. Every entry's
 * secret is tried (several while a secret is rotated), and the first that made the signature
 * names who sent it.
 */
const checkHubSignature = <Entry extends { readonly secret: string }>(
  request: InboundRequest,
  entries: readonly Entry[],
): HubSignatureVerdict<Entry> => {
  const presented = request.headers[HEADER];
  if (presented === undefined || presented.trim() === '') return { verdict: 'unsigned' };
  const hex = SIGNATURE.exec(presented.trim())?.[1];
  if (hex === undefined) return { verdict: 'refused' };
  const signature = Buffer.from(hex, 'hex');
  let matched: Entry | undefined;
  for (const entry of entries) {
    const expected = createHmac('sha256', Buffer.from(entry.secret, 'utf8')).update(request.rawBody).digest();
    if (digestsMatch(expected, signature)) matched ??= entry;
  }
  return matched === undefined ? { verdict: 'refused' } : { verdict: 'accepted', entry: matched };
};

export { checkHubSignature, type HubSignatureVerdict };
