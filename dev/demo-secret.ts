/**
 * The adapter's secret for the local demo: it points at an embedded Which50 sandbox and lets in
 * callers with {@link DEMO_INBOUND}'s credentials, one per inbound scheme, so that `npm start`
 * works with no AWS account at all and every example in the docs, signed ones included, works
 * against it. `examples/secret.sample.json` holds the very same inbound credentials (a test keeps
 * them equal), so a sender set up from either works with both. They obey the strength rules a
 * deployed secret must (keys and HMAC secrets of 16 characters or more, a `whsec_` secret of 24 to
 * 64 bytes) and are published: never use them deployed.
 */

import type { UpstreamAuth } from './which50-sandbox';
import { DEFAULT_SANDBOX_AUTH } from './which50-sandbox';

/** The inbound API key the demo secret accepts (`x-api-key: local-demo-api-key`). */
const DEMO_API_KEY = 'local-demo-api-key';

/** The demo's inbound credentials: an API key, a Standard Webhooks secret and a hub-signature secret. */
const DEMO_INBOUND = {
  apiKeys: [DEMO_API_KEY],
  standardWebhooksSecret: 'whsec_bG9jYWwtZGVtby1zdGFuZGFyZC13ZWJob29rcy1rZXk=',
  hmacSha256Secret: 'local-demo-hub-secret',
} as const;

/**
 * The demo's callback signing secret: async runs' callbacks are signed with it, so a local
 * receiver verifies them with this (published, local-only) `whsec_` secret.
 */
const DEMO_CALLBACK_SIGNING_SECRET = 'whsec_bG9jYWwtZGVtby1jYWxsYmFjay1zaWduaW5nLWtleQ==';

/** The secret's JSON shape (design.md, "The secret"), as far as the demo fills it in. */
interface DemoSecret {
  which50: { baseUrl: string; auth: UpstreamAuth };
  inbound: { apiKeys: string[]; standardWebhooksSecret: string; hmacSha256Secret: string };
  outbound: { callbackSigningSecret: string };
}

/**
 * Builds the secret a local run uses in place of Secrets Manager: the sandbox's base URL and
 * credential upstream, the demo credentials inbound. Pass the sandbox's `baseUrl` (and its
 * credential if it was started with another one).
 */
const demoSecret = (baseUrl: string, auth: UpstreamAuth = DEFAULT_SANDBOX_AUTH): DemoSecret => ({
  which50: { baseUrl, auth },
  inbound: { ...DEMO_INBOUND, apiKeys: [...DEMO_INBOUND.apiKeys] },
  outbound: { callbackSigningSecret: DEMO_CALLBACK_SIGNING_SECRET },
});

export type { DemoSecret };
export { DEFAULT_SANDBOX_AUTH, DEMO_API_KEY, DEMO_CALLBACK_SIGNING_SECRET, DEMO_INBOUND, demoSecret };
