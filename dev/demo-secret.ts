/**
 * The adapter's secret for the local demo: it points at an embedded Which50 sandbox and lets in
 * callers that present {@link DEMO_API_KEY}, so `npm start` works with no AWS account at all.
 */

import type { UpstreamAuth } from './which50-sandbox';
import { DEFAULT_SANDBOX_AUTH } from './which50-sandbox';

/** The inbound API key the demo secret accepts (`x-api-key: local-demo-api-key`). Never use it deployed. */
const DEMO_API_KEY = 'local-demo-api-key';

/** The secret's JSON shape (design.md, "The secret"), as far as the demo fills it in. */
interface DemoSecret {
  which50: { baseUrl: string; auth: UpstreamAuth };
  inbound: { apiKeys: string[] };
}

/**
 * Builds the secret a local run uses in place of Secrets Manager: the sandbox's base URL and
 * credential upstream, the demo key inbound. Pass the sandbox's `baseUrl` (and its credential
 * if it was started with another one).
 */
const demoSecret = (baseUrl: string, auth: UpstreamAuth = DEFAULT_SANDBOX_AUTH): DemoSecret => ({
  which50: { baseUrl, auth },
  inbound: { apiKeys: [DEMO_API_KEY] },
});

export type { DemoSecret };
export { DEFAULT_SANDBOX_AUTH, DEMO_API_KEY, demoSecret };
