import type { AdapterSecret, InboundCredentials } from '../../lambda/secrets/adapter-secret';
import type { SecretSource } from '../../lambda/secrets/secret-source';
import { type CheckResult, failed, passed, warned } from './check-result';
import { problemReasons } from './reasons';

const NAME = 'secret';

const NO_INBOUND_SCHEME =
  'no inbound scheme is enabled (inbound.apiKeys, inbound.standardWebhooksSecret, inbound.hmacSha256Secret): ' +
  'every route but /health and /openapi.json will answer 401; schedules still run';

/** The schemes the secret enables, by name and count only. */
const enabledSchemes = (inbound: InboundCredentials): string[] => {
  const counted = (scheme: string, entries: readonly unknown[]): string[] =>
    entries.length > 0 ? [`${scheme} (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'})`] : [];
  return [
    ...counted('API key', inbound.apiKeys),
    ...counted('Standard Webhooks', inbound.standardWebhooks),
    ...counted('x-hub-signature-256', inbound.hubSignatures),
  ];
};

/** Whether async runs can call back, and to which hosts, by count only. */
const describeCallbacks = (outbound: AdapterSecret['outbound']): string => {
  if (outbound === undefined)
    return 'callbacks: off (no outbound part; an async run with a callbackUrl cannot report back)';
  const hosts = outbound.callbackHosts;
  return `callbacks: signed with outbound.callbackSigningSecret, to ${
    hosts === undefined
      ? 'any public host'
      : `${hosts.length} listed host${hosts.length === 1 ? '' : 's'} and their subdomains`
  }`;
};

/** What a valid secret sets up, told without a single value from it. */
const describeSecret = (secret: AdapterSecret, schemes: readonly string[]): string[] => [
  `upstream credential: ${secret.which50.auth.scheme} scheme`,
  ...(secret.which50.baseUrl.protocol === 'http:'
    ? ['which50.baseUrl uses http: accepted only because ALLOW_HTTP_UPSTREAM=true (local use)']
    : []),
  ...(schemes.length > 0 ? [`inbound schemes: ${schemes.join(', ')}`] : []),
  describeCallbacks(secret.outbound),
];

/** Every problem of a secret that did not load: the full list when there is one, else why it did not load. */
const loadFailureReasons = async (error: unknown, listProblems?: () => Promise<string[]>): Promise<string[]> => {
  const problems = await listProblems?.().catch(() => []);
  return problems !== undefined && problems.length > 0 ? problems : [...new Set(problemReasons(error))];
};

/**
 * Loads the secret through `loadSecret` (the function's own source and parser, which judges the
 * inbound credentials' strength too) and reports every wrong field by name, never by value, each
 * once. When it does not load, `listProblems` (which reads the same secret's text) gives every
 * problem at once, where the function stops at the first stage that fails. The parsed secret is
 * handed back whenever it loaded, so a ping can still try its upstream credential.
 */
const checkSecret = async (
  loadSecret: SecretSource,
  subject: string,
  listProblems?: () => Promise<string[]>,
): Promise<{ result: CheckResult; secret?: AdapterSecret }> => {
  let secret: AdapterSecret;
  try {
    secret = await loadSecret();
  } catch (error) {
    return { result: failed(NAME, subject, await loadFailureReasons(error, listProblems)) };
  }
  const schemes = enabledSchemes(secret.inbound);
  const details = describeSecret(secret, schemes);
  const result =
    schemes.length > 0 ? passed(NAME, subject, details) : warned(NAME, subject, [...details, NO_INBOUND_SCHEME]);
  return { result, secret };
};

export { checkSecret };
