import { authenticate } from '../../lambda/auth/authenticate';
import { isProblem } from '../../lambda/http/problem';
import type { AdapterSecret, InboundCredentials } from '../../lambda/secrets/adapter-secret';
import type { SecretSource } from '../../lambda/secrets/secret-source';
import { type CheckResult, failed, passed, warned } from './check-result';
import { problemReasons, splitReasons } from './reasons';

const NAME = 'secret';

const NO_INBOUND_SCHEME =
  'no inbound scheme is enabled (inbound.apiKeys, inbound.standardWebhooksSecret, inbound.hmacSha256Secret): ' +
  'every route but /health and /openapi.json will answer 401; schedules still run';

const UNSIGNED_REQUEST = { headers: {}, rawBody: Buffer.alloc(0) };

/**
 * What the authenticator refuses in the inbound part before it judges any request (a signing
 * secret that is not `whsec_` and base64, say): it is asked to judge an unsigned request, which
 * it turns away with a 401 once the secret has passed, or with the 500 a real request would get.
 */
const inboundReasons = (inbound: InboundCredentials): string[] => {
  try {
    authenticate(UNSIGNED_REQUEST, inbound);
    return [];
  } catch (error) {
    return isProblem(error) && error.status === 500 ? splitReasons(error.detail) : [];
  }
};

/** The schemes the secret enables, by name and count only. */
const enabledSchemes = (inbound: InboundCredentials): string[] => {
  const apiKeyCount = inbound.apiKeys?.length ?? 0;
  return [
    ...(apiKeyCount > 0 ? [`API key (${apiKeyCount} ${apiKeyCount === 1 ? 'key' : 'keys'})`] : []),
    ...(inbound.standardWebhooksSecret === undefined ? [] : ['Standard Webhooks']),
    ...(inbound.hmacSha256Secret === undefined ? [] : ['x-hub-signature-256']),
  ];
};

/** What a valid secret sets up, told without a single value from it. */
const describeSecret = (secret: AdapterSecret, schemes: readonly string[]): string[] => [
  `upstream credential: ${secret.which50.auth.scheme} scheme`,
  ...(secret.which50.baseUrl.protocol === 'http:'
    ? ['which50.baseUrl uses http: accepted only because ALLOW_HTTP_UPSTREAM=true (local use)']
    : []),
  ...(schemes.length > 0 ? [`inbound schemes: ${schemes.join(', ')}`] : []),
];

/**
 * Loads the secret through `loadSecret` (the function's own source and parser) and reports every
 * wrong field by name, never by value. The parsed secret is handed back whenever it loaded, so a
 * ping can still try its upstream credential when only the inbound part is wrong.
 */
const checkSecret = async (
  loadSecret: SecretSource,
  subject: string,
): Promise<{ result: CheckResult; secret?: AdapterSecret }> => {
  let secret: AdapterSecret;
  try {
    secret = await loadSecret();
  } catch (error) {
    return { result: failed(NAME, subject, problemReasons(error)) };
  }
  const inboundProblems = inboundReasons(secret.inbound);
  if (inboundProblems.length > 0) return { result: failed(NAME, subject, inboundProblems), secret };
  const schemes = enabledSchemes(secret.inbound);
  const details = describeSecret(secret, schemes);
  const result =
    schemes.length > 0 ? passed(NAME, subject, details) : warned(NAME, subject, [...details, NO_INBOUND_SCHEME]);
  return { result, secret };
};

export { checkSecret };
