import { addressRefusal } from './address-policy';

/** Where callbacks may go: the secret's `outbound.callbackHosts` and `ALLOW_HTTP_CALLBACK`. */
interface CallbackPolicy {
  /** `http:` and loopback (local use) as well as `https:`. */
  readonly allowHttp: boolean;
  /** Host names a callback may name, each with its subdomains; undefined allows any public host. */
  readonly allowedHosts: readonly string[] | undefined;
}

const MAX_LENGTH = 2_048;

/** `localhost` and its subdomains, which resolve to loopback by convention (RFC 6761). */
const isLocalhost = (host: string): boolean => host === 'localhost' || host.endsWith('.localhost');

/** Whether `host` is one of `allowed` or a subdomain of one, on a dot boundary. */
const isAllowedHost = (host: string, allowed: readonly string[]): boolean =>
  allowed.some((name) => {
    const listed = name.toLowerCase();
    return host === listed || host.endsWith(`.${listed}`);
  });

/** Why the URL's host (as the WHATWG parser normalized it, trailing dot removed) is refused, if it is. */
const hostRefusal = (host: string, policy: CallbackPolicy): string | undefined => {
  const literal = host.startsWith('[') ? host.slice(1, -1) : /^[\d.]+$/.test(host) ? host : undefined;
  if (literal !== undefined) {
    const refusal = addressRefusal(literal, { allowLoopback: policy.allowHttp });
    if (refusal !== undefined) return `must not name ${refusal}`;
  } else if (isLocalhost(host) && !policy.allowHttp) {
    return 'must not name a loopback host (allowed only with ALLOW_HTTP_CALLBACK=true)';
  }
  if (policy.allowedHosts !== undefined && !isAllowedHost(host, policy.allowedHosts)) {
    return 'must name one of the hosts the secret lists in outbound.callbackHosts (or a subdomain of one)';
  }
  return undefined;
};

/**
 * Why a callback URL is refused, or undefined when it may be used. The host is judged as the WHATWG
 * URL parser normalizes it, which is how the sender will read it, so that every spelling of an
 * address (`2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`) is judged as the address it is. Names are
 * judged again, by the addresses they resolve to, when each callback is sent. The reason never
 * quotes the URL: it may carry a receiver's token in its query.
 */
const callbackUrlRefusal = (raw: string, policy: CallbackPolicy): string | undefined => {
  if (raw.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
  if (!URL.canParse(raw)) return 'must be an absolute URL';
  const url = new URL(raw);
  const schemes = policy.allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) {
    return policy.allowHttp ? 'must use https or http' : 'must use https (http only with ALLOW_HTTP_CALLBACK=true)';
  }
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  return hostRefusal(url.hostname.replace(/\.$/, ''), policy);
};

export { type CallbackPolicy, callbackUrlRefusal };
