import { standardWebhooksKey } from '../auth/signing-key';
import { listed } from './inbound-credentials';

/** What the adapter needs to call out: the key callbacks are signed with, and where they may go. */
interface OutboundSettings {
  /** A `whsec_` Standard Webhooks secret; receivers verify callbacks with the same one. */
  readonly callbackSigningSecret: string;
  /** Hosts a callback URL may name (each with its subdomains); undefined allows any public host. */
  readonly callbackHosts: readonly string[] | undefined;
}

/** What the outbound part came to: the settings (undefined when the part is absent), or every problem. */
type OutboundReading =
  | { readonly ok: true; readonly settings: OutboundSettings | undefined }
  | { readonly ok: false; readonly problems: readonly string[] };

const MEMBERS = ['callbackSigningSecret', 'callbackHosts'];
const SIGNING_KEY_BYTES = [24, 64] as const;
const SECRET_PREFIX = 'whsec_';

/**
 * A lowercase DNS name as a URL's host would spell it after normalization: labels of letters,
 * digits and inner hyphens (IDNs in their `xn--` form), no trailing dot, and a last label that is
 * not all digits, so that an IP address can never pass for a host name.
 */
const HOSTNAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*(?=[a-z0-9-]*[a-z-])[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why the signing secret cannot sign, or undefined when it can; never the secret itself. */
const signingSecretRefusal = (raw: unknown): string | undefined => {
  const [min, max] = SIGNING_KEY_BYTES;
  const shape = `must be whsec_ followed by the base64 of ${min} to ${max} bytes`;
  if (typeof raw !== 'string') return 'is missing or is not a string';
  if (!raw.startsWith(SECRET_PREFIX)) return shape;
  const bytes = standardWebhooksKey(raw)?.byteLength ?? 0;
  return bytes >= min && bytes <= max ? undefined : shape;
};

/** The host list's problems, each naming its position; none for a list of lowercase host names. */
const hostProblems = (raw: unknown): string[] => {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length === 0) {
    return ['field outbound.callbackHosts must be a non-empty list of host names (leave it out to allow any host)'];
  }
  return raw.flatMap((host, index) =>
    typeof host === 'string' && HOSTNAME.test(host)
      ? []
      : [
          `field outbound.callbackHosts[${index}] must be a lowercase host name, without scheme, port, path, wildcard or trailing dot`,
        ],
  );
};

/**
 * Reads the secret's optional `outbound` part, which only async runs with callbacks need. A signing
 * secret too short to resist forgery, or a host list a URL could never match, is reported (field
 * named, value never) beside every other problem, so that callbacks are not found broken only when
 * the first import finishes.
 */
const readOutboundSettings = (raw: unknown): OutboundReading => {
  if (raw === undefined) return { ok: true, settings: undefined };
  if (!isObject(raw)) {
    return { ok: false, problems: [`field outbound must be an object with ${MEMBERS.join(', ')}`] };
  }
  const unknown = Object.keys(raw).filter((name) => !MEMBERS.includes(name));
  const secretRefusal = signingSecretRefusal(raw.callbackSigningSecret);
  const problems = [
    ...(unknown.length > 0 ? [`field outbound has unknown members (${listed(unknown)})`] : []),
    ...(secretRefusal === undefined ? [] : [`field outbound.callbackSigningSecret ${secretRefusal}`]),
    ...hostProblems(raw.callbackHosts),
  ];
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      callbackSigningSecret: raw.callbackSigningSecret as string,
      callbackHosts: raw.callbackHosts as string[] | undefined,
    },
  };
};

export { type OutboundReading, type OutboundSettings, readOutboundSettings };
