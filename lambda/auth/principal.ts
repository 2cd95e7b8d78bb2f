/** How a request got in: the three inbound schemes of the secret's `inbound` part. */
type InboundScheme = 'api-key' | 'standard-webhooks' | 'hub-signature';

/**
 * One job (or every job of a contact list) that a credential may run or read, and, when
 * `customEvents` is given, the only events its runs may ask for (`[]` allows none).
 */
interface ScopeTarget {
  readonly contactListId: number;
  readonly importJobId?: number;
  readonly customEvents?: readonly string[];
}

/**
 * Who a request is, once a credential let it in: the entry's `name`, or the scheme for unnamed
 * entries (so that two plain entries of one scheme, mid-rotation, are one caller), the scheme, and
 * the entry's scope (`undefined`: any job). Idempotency records and outcome lines are filed under
 * `name`; the credential itself never leaves the auth module.
 */
interface Principal {
  readonly name: string;
  readonly scheme: InboundScheme;
  readonly scope: readonly ScopeTarget[] | undefined;
}

/** One entry of the secret's `inbound` part, as its parser hands it over. */
interface CredentialEntry {
  /** The key or secret as configured (an API key, an HMAC secret, a `whsec_` secret). */
  readonly secret: string;
  readonly name: string | undefined;
  readonly scope: readonly ScopeTarget[] | undefined;
}

/** A Standard Webhooks entry, its signing key decoded once when the secret is parsed. */
interface SigningEntry extends CredentialEntry {
  readonly signingKey: Buffer;
}

/** The principal an entry stands for when it let a request in through `scheme`. */
const principalOf = (entry: CredentialEntry, scheme: InboundScheme): Principal => ({
  name: entry.name ?? scheme,
  scheme,
  scope: entry.scope,
});

export { type CredentialEntry, type InboundScheme, type Principal, principalOf, type ScopeTarget, type SigningEntry };
