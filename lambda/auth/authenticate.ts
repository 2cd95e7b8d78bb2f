import { Problem } from '../http/problem';
import type { InboundCredentials } from '../secrets/adapter-secret';
import { acceptsApiKey } from './api-key';

/** What an inbound check may look at: the headers (lower-cased names) and the raw body bytes. */
interface InboundRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: Buffer;
}

const unauthorized = (): Problem =>
  new Problem(
    401,
    'Unauthorized',
    'A valid API key (x-api-key or Authorization: Bearer) or webhook signature is required.',
    {},
    { 'WWW-Authenticate': 'Bearer' },
  );

/**
 * Lets a request through when any scheme enabled in the secret accepts it, and refuses it with a 401
 * otherwise. A secret that enables no scheme lets nothing in: an adapter that ran imports for anyone
 * because an operator forgot a field would be worse than one that refuses.
 */
const authenticate = (request: InboundRequest, inbound: InboundCredentials): void => {
  const apiKeys = inbound.apiKeys ?? [];
  if (apiKeys.length > 0 && acceptsApiKey(request.headers, apiKeys)) return;
  throw unauthorized();
};

export { authenticate, type InboundRequest };
