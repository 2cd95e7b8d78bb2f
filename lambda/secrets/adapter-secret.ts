import * as z from 'zod/mini';
import { misconfigured } from '../http/problem';

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
  inbound: z.optional(
    z.object({
      apiKeys: z.optional(z.array(Text)),
      standardWebhooksSecret: z.optional(Text),
      hmacSha256Secret: z.optional(Text),
    }),
  ),
});

type UpstreamAuth = z.infer<typeof UpstreamAuthSchema>;
type InboundCredentials = NonNullable<z.infer<typeof AdapterSecretSchema>['inbound']>;

/** The adapter's secret once parsed: the upstream's address and credential, and who may call in. */
interface AdapterSecret {
  readonly which50: { readonly baseUrl: URL; readonly auth: UpstreamAuth };
  readonly inbound: InboundCredentials;
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

const parseBaseUrl = (raw: string, allowHttp: boolean): URL => {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (url === undefined) throw misconfigured('The secret is invalid: field which50.baseUrl is not a URL.');
  const allowed = allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(url.protocol)) {
    throw misconfigured(
      'The secret is invalid: field which50.baseUrl must use https (http is allowed only with ALLOW_HTTP_UPSTREAM=true).',
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw misconfigured('The secret is invalid: field which50.baseUrl must not carry credentials; use which50.auth.');
  }
  return url;
};

/**
 * Parses the secret's JSON text into typed settings. A broken secret is the operator's mistake, so
 * it becomes a 500 that names every wrong field, and never echoes a value: the text may hold
 * credentials even when it is malformed.
 */
const parseAdapterSecret = (text: string, options: { allowHttpUpstream: boolean }): AdapterSecret => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw misconfigured('The secret is not valid JSON.');
  }
  const parsed = AdapterSecretSchema.safeParse(raw);
  if (!parsed.success) {
    throw misconfigured(`The secret is invalid: ${parsed.error.issues.map(describeIssue).join('; ')}.`);
  }
  const { which50, inbound = {} } = parsed.data;
  return {
    which50: { baseUrl: parseBaseUrl(which50.baseUrl, options.allowHttpUpstream), auth: which50.auth },
    inbound,
  };
};

export { type AdapterSecret, type InboundCredentials, parseAdapterSecret, type UpstreamAuth };
