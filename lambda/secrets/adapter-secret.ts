import * as z from 'zod/mini';
import { misconfigured } from '../http/problem';
import { type InboundCredentials, readInboundCredentials } from './inbound-credentials';
import { type OutboundSettings, readOutboundSettings } from './outbound-settings';

const Text = z.string().check(z.minLength(1));
/**
 * An HTTP header name (RFC 9110 token), and a value made only of bytes a header can carry: no line
 * break to smuggle a second header, nothing beyond Latin-1 (a pasted curly quote) that `fetch`
 * would reject on every call.
 */
const HeaderName = z.string().check(z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/));
const HeaderValue = z.string().check(z.minLength(1), z.regex(/^[\t\x20-\x7e\x80-\xff]+$/));

const UpstreamAuthSchema = z.discriminatedUnion('scheme', [
  z.object({ scheme: z.literal('bearer'), token: HeaderValue }),
  z.object({
    scheme: z.literal('basic'),
    username: z.string().check(z.minLength(1), z.regex(/^[^:\r\n\0]+$/)),
    password: z.string().check(z.regex(/^[^\r\n\0]*$/)),
  }),
  z.object({ scheme: z.literal('header'), name: HeaderName, value: HeaderValue }),
]);

const AdapterSecretSchema = z.object({
  which50: z.object({ baseUrl: Text, auth: UpstreamAuthSchema }),
  inbound: z.optional(z.unknown()),
  outbound: z.optional(z.unknown()),
});

type UpstreamAuth = z.infer<typeof UpstreamAuthSchema>;

/**
 * The adapter's secret once parsed: the upstream's address and credential, who may call in, and
 * (for async runs with callbacks) how callbacks are signed and where they may go.
 */
interface AdapterSecret {
  readonly which50: { readonly baseUrl: URL; readonly auth: UpstreamAuth };
  readonly inbound: InboundCredentials;
  readonly outbound: OutboundSettings | undefined;
}

const describeField = (path: readonly PropertyKey[]): string =>
  path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .slice(1);

/** Says what is wrong with one field without ever quoting what the field holds. */
const describeIssue = (issue: z.core.$ZodIssue): string => {
  const field = describeField(issue.path) || '(root)';
  switch (issue.code) {
    case 'invalid_type':
      return `field ${field} is missing or is not of type ${issue.expected}`;
    case 'invalid_union':
      return `field ${field} must be one of bearer, basic or header`;
    case 'invalid_value':
      return `field ${field} has a value that is not allowed`;
    default:
      return `field ${field} is empty or has characters that are not allowed`;
  }
};

/** Why the base URL cannot be used, or undefined when it can. */
const baseUrlRefusal = (raw: string, allowHttp: boolean): string | undefined => {
  if (!URL.canParse(raw)) return 'field which50.baseUrl is not a URL';
  const url = new URL(raw);
  if (!(allowHttp ? ['https:', 'http:'] : ['https:']).includes(url.protocol)) {
    return 'field which50.baseUrl must use https (http is allowed only with ALLOW_HTTP_UPSTREAM=true)';
  }
  if (url.username !== '' || url.password !== '') {
    return 'field which50.baseUrl must not carry credentials; use which50.auth';
  }
  return undefined;
};

const NOT_JSON = 'the secret is not valid JSON';

/** The secret once read: its settings, or every reason it cannot be used (fields named, values never). */
type SecretReading =
  | { readonly ok: true; readonly secret: AdapterSecret }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Reads the secret's JSON text into typed settings, or into the list of everything wrong with it,
 * all at once, so that an operator fixes a broken secret in one go. No reason ever quotes a value:
 * the text may hold credentials even when it is malformed.
 */
const readAdapterSecret = (text: string, options: { allowHttpUpstream: boolean }): SecretReading => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problems: [NOT_JSON] };
  }
  const parsed = AdapterSecretSchema.safeParse(raw);
  const parts = typeof raw === 'object' && raw !== null ? (raw as { inbound?: unknown; outbound?: unknown }) : {};
  const inbound = readInboundCredentials(parts.inbound);
  const outbound = readOutboundSettings(parts.outbound);
  const problems = parsed.success
    ? [baseUrlRefusal(parsed.data.which50.baseUrl, options.allowHttpUpstream)].filter((reason) => reason !== undefined)
    : parsed.error.issues.map(describeIssue);
  if (!inbound.ok) problems.push(...inbound.problems);
  if (!outbound.ok) problems.push(...outbound.problems);
  if (!parsed.success || !inbound.ok || !outbound.ok || problems.length > 0) return { ok: false, problems };
  const { which50 } = parsed.data;
  return {
    ok: true,
    secret: {
      which50: { baseUrl: new URL(which50.baseUrl), auth: which50.auth },
      inbound: inbound.credentials,
      outbound: outbound.settings,
    },
  };
};

/**
 * Parses the secret's JSON text into typed settings. A broken secret is the operator's mistake, so
 * it becomes a 500 that names every wrong field (see {@link readAdapterSecret}).
 */
const parseAdapterSecret = (text: string, options: { allowHttpUpstream: boolean }): AdapterSecret => {
  const reading = readAdapterSecret(text, options);
  if (reading.ok) return reading.secret;
  throw misconfigured(
    reading.problems[0] === NOT_JSON
      ? 'The secret is not valid JSON.'
      : `The secret is invalid: ${reading.problems.join('; ')}.`,
  );
};

export {
  type AdapterSecret,
  type InboundCredentials,
  type OutboundSettings,
  parseAdapterSecret,
  readAdapterSecret,
  type SecretReading,
  type UpstreamAuth,
};
