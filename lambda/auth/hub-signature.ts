import { createHmac } from 'node:crypto';
import { digestsMatch } from './digest-match';
import type { InboundRequest } from './inbound-request';

/** How a signature check ended: no signature sent, a signature that matches, or one that does not. */
type HubSignatureVerdict = 'unsigned' | 'accepted' | 'refused';

const HEADER = 'x-hub-signature-256';
const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks GitHub's style of webhook signature, `x-hub-signature-256: sha256=<hex>`, an HMAC-SHA256
 * of the raw body under a shared secret. It reads the bytes as sent, before any parsing, so a body
 * that a parser would read the same way but that differs by one byte is refused. Anything
 * malformed is refused, never thrown: a request cannot make the check fail loudly.
 */
const checkHubSignature = (request: InboundRequest, secret: string): HubSignatureVerdict => {
  const presented = request.headers[HEADER];
  if (presented === undefined || presented.trim() === '') return 'unsigned';
  const hex = SIGNATURE.exec(presented.trim())?.[1];
  if (hex === undefined) return 'refused';
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(request.rawBody).digest();
  return digestsMatch(expected, Buffer.from(hex, 'hex')) ? 'accepted' : 'refused';
};

export { checkHubSignature, type HubSignatureVerdict };
