import type { CredentialEntry, ScopeTarget, SigningEntry } from '../auth/principal';
import { standardWebhooksKey } from '../auth/signing-key';
import { readCustomEvents } from '../payload/custom-events';
import { readId } from '../payload/import-id';

/** Who may call in, by scheme, each scheme a list of entries (empty: the scheme is off). */
interface InboundCredentials {
  readonly apiKeys: readonly CredentialEntry[];
  readonly standardWebhooks: readonly SigningEntry[];
  readonly hubSignatures: readonly CredentialEntry[];
}

/** What the inbound part came to: the credentials, or every reason it is broken (each names a field, never a value). */
type InboundReading =
  | { readonly ok: true; readonly credentials: InboundCredentials }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Shorter keys can be guessed or brute-forced; a real API key or HMAC secret is longer. */
const MIN_KEY_LENGTH = 16;
/** The key sizes a `whsec_` secret may decode to (the Standard Webhooks specification's range). */
const SIGNING_KEY_BYTES = [24, 64] as const;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ENTRY_FIELDS = ['key', 'secret', 'name', 'scope'];
const TARGET_FIELDS = ['contactListId', 'importJobId', 'customEvents'];
const AN_ID = 'must be an integer from 1 to 2147483647';

/** Adds `field <name> <message>` to the list; returns undefined, for "nothing read". */
type Report = (field: string, message: string) => undefined;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A field name is letters (a misspelt `apiKey`, say) and is worth naming; anything else may be a
 * key pasted where a name belongs, and is only counted.
 */
const NAMEABLE = /^[A-Za-z_]{1,32}$/;

const listed = (unknown: readonly string[]): string => {
  const named = unknown.filter((name) => NAMEABLE.test(name));
  const hidden = unknown.length - named.length;
  return [...named, ...(hidden > 0 ? [`${hidden} not shown`] : [])].join(', ');
};

/** True when `raw` is an object with only `allowed` members; reports it otherwise. */
const hasOnly = (
  raw: unknown,
  allowed: readonly string[],
  field: string,
  report: Report,
): raw is Record<string, unknown> => {
  if (!isObject(raw)) return report(field, `must be an object with ${allowed.join(', ')}`) ?? false;
  const unknown = Object.keys(raw).filter((name) => !allowed.includes(name));
  return unknown.length === 0 || (report(field, `has unknown members (${listed(unknown)})`) ?? false);
};

const readTarget = (raw: unknown, field: string, report: Report): ScopeTarget | undefined => {
  if (!hasOnly(raw, TARGET_FIELDS, field, report)) return undefined;
  const list = readId(raw.contactListId);
  const job = raw.importJobId === undefined ? undefined : readId(raw.importJobId);
  const events = Array.isArray(raw.customEvents) ? readCustomEvents(raw.customEvents) : undefined;
  if (!list.ok) report(`${field}.contactListId`, AN_ID);
  if (job?.ok === false) report(`${field}.importJobId`, AN_ID);
  if (raw.customEvents !== undefined && events?.ok !== true)
    report(`${field}.customEvents`, 'must be a list of custom event names');
  if (!list.ok || job?.ok === false || (raw.customEvents !== undefined && events?.ok !== true)) return undefined;
  return {
    contactListId: list.value,
    ...(job?.ok && { importJobId: job.value }),
    ...(events?.ok && { customEvents: events.value }),
  };
};

const readScope = (raw: unknown, field: string, report: Report): readonly ScopeTarget[] | undefined => {
  if (!Array.isArray(raw) || raw.length === 0) return report(field, 'must be a non-empty list of targets');
  const targets = raw.map((target, index) => readTarget(target, `${field}[${index}]`, report));
  return targets.every((target) => target !== undefined) ? targets : undefined;
};

/** Why a key is too weak for its scheme, or undefined when it will do. */
const weakness = (signing: boolean, text: string): string | undefined => {
  if (!signing) return text.length >= MIN_KEY_LENGTH ? undefined : `must be at least ${MIN_KEY_LENGTH} characters`;
  const bytes = standardWebhooksKey(text)?.byteLength ?? 0;
  const [min, max] = SIGNING_KEY_BYTES;
  return bytes >= min && bytes <= max ? undefined : `must be whsec_ followed by the base64 of ${min} to ${max} bytes`;
};

/** How a scheme's entries are read: whether the key is a `whsec_` signing key, and what its member is called. */
interface SchemeRule {
  readonly signing: boolean;
  readonly keyMember: 'key' | 'secret';
}

const API_KEYS: SchemeRule = { signing: false, keyMember: 'key' };
const SIGNING_SECRETS: SchemeRule = { signing: true, keyMember: 'secret' };
const HMAC_SECRETS: SchemeRule = { signing: false, keyMember: 'secret' };

const readEntry = (rule: SchemeRule, raw: unknown, field: string, report: Report): CredentialEntry | undefined => {
  const entry = typeof raw === 'string' ? { secret: raw } : raw;
  if (!hasOnly(entry, ENTRY_FIELDS, field, report)) return undefined;
  if (entry.key !== undefined && entry.secret !== undefined) return report(field, 'must give key or secret, not both');
  const secretField = entry.key !== undefined ? 'key' : entry.secret !== undefined ? 'secret' : rule.keyMember;
  const text = entry[secretField];
  const refusal = typeof text === 'string' ? weakness(rule.signing, text) : 'is missing or is not a string';
  if (refusal !== undefined) report(typeof raw === 'string' ? field : `${field}.${secretField}`, refusal);
  const { name } = entry;
  if (name !== undefined && (typeof name !== 'string' || !NAME.test(name)))
    report(`${field}.name`, "must be 1 to 64 letters, digits, '.', '_' or '-'");
  const scope = entry.scope === undefined ? undefined : readScope(entry.scope, `${field}.scope`, report);
  if (typeof text !== 'string' || refusal !== undefined) return undefined;
  return { secret: text, name: typeof name === 'string' ? name : undefined, scope };
};

const readEntries = (rule: SchemeRule, raw: unknown, field: string, report: Report): CredentialEntry[] => {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return [readEntry(rule, raw, field, report) ?? []].flat();
  return raw.flatMap((entry, index) => readEntry(rule, entry, `${field}[${index}]`, report) ?? []);
};

/**
 * Reads the secret's `inbound` part: each scheme's field takes one entry or a list, an entry being
 * the key itself or `{key|secret, name?, scope?}`. Keys too short to resist guessing, a `whsec_`
 * secret that does not decode to 24..64 bytes, a malformed name or scope: every one is reported,
 * naming its field and never its value, because a half-read credential list would let the wrong
 * callers in or keep the right ones out.
 */
const readInboundCredentials = (raw: unknown = {}): InboundReading => {
  const problems: string[] = [];
  const report: Report = (field, message) => {
    problems.push(`field ${field} ${message}`);
    return undefined;
  };
  if (!hasOnly(raw, ['apiKeys', 'standardWebhooksSecret', 'hmacSha256Secret'], 'inbound', report))
    return { ok: false, problems };
  const apiKeys = readEntries(API_KEYS, raw.apiKeys, 'inbound.apiKeys', report);
  const standardWebhooks = readEntries(
    SIGNING_SECRETS,
    raw.standardWebhooksSecret,
    'inbound.standardWebhooksSecret',
    report,
  );
  const hubSignatures = readEntries(HMAC_SECRETS, raw.hmacSha256Secret, 'inbound.hmacSha256Secret', report);
  if (problems.length > 0) return { ok: false, problems };
  const signing = standardWebhooks.map((entry) => ({
    ...entry,
    signingKey: standardWebhooksKey(entry.secret) as Buffer,
  }));
  return { ok: true, credentials: { apiKeys, standardWebhooks: signing, hubSignatures } };
};

export { type InboundCredentials, type InboundReading, listed, MIN_KEY_LENGTH, readInboundCredentials };
