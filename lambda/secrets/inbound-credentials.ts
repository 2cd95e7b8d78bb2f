import type { CredentialEntry, ScopeTarget, SigningEntry } from '../auth/principal';
import { standardWebhooksKey } from '../auth/standard-webhooks';
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
const MIN_SIGNING_KEY_BYTES = 24;
const MAX_SIGNING_KEY_BYTES = 64;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ENTRY_FIELDS = new Set(['key', 'secret', 'name', 'scope']);
const TARGET_FIELDS = new Set(['contactListId', 'importJobId', 'customEvents']);

/** The three schemes: the secret's field, and how its key is judged. */
const SCHEMES = {
  apiKeys: { field: 'apiKeys', secretName: 'key' },
  standardWebhooks: { field: 'standardWebhooksSecret', secretName: 'secret' },
  hubSignatures: { field: 'hmacSha256Secret', secretName: 'secret' },
} as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects what is wrong while reading, so that every broken field is reported at once. */
class Problems {
  readonly list: string[] = [];
  add(field: string, message: string): undefined {
    this.list.push(`field ${field} ${message}`);
    return undefined;
  }
}

const readTarget = (raw: unknown, field: string, problems: Problems): ScopeTarget | undefined => {
  if (!isObject(raw)) return problems.add(field, 'must be an object such as {"contactListId": 7}');
  const unknown = Object.keys(raw).filter((name) => !TARGET_FIELDS.has(name));
  if (unknown.length > 0) return problems.add(field, `has unknown members (${unknown.join(', ')})`);
  const contactListId = readId(raw.contactListId);
  const importJobId = raw.importJobId === undefined ? undefined : readId(raw.importJobId);
  const events = raw.customEvents === undefined ? undefined : readCustomEvents(raw.customEvents);
  if (!contactListId.ok) problems.add(`${field}.contactListId`, 'must be an integer from 1 to 2147483647');
  if (importJobId !== undefined && !importJobId.ok)
    problems.add(`${field}.importJobId`, 'must be an integer from 1 to 2147483647');
  if (events !== undefined && (!Array.isArray(raw.customEvents) || !events.ok))
    problems.add(`${field}.customEvents`, 'must be a list of custom event names');
  if (!contactListId.ok || (importJobId !== undefined && !importJobId.ok) || (events !== undefined && !events.ok))
    return undefined;
  return {
    contactListId: contactListId.value,
    ...(importJobId !== undefined && { importJobId: importJobId.value }),
    ...(events !== undefined && { customEvents: events.value }),
  };
};

const readScope = (raw: unknown, field: string, problems: Problems): readonly ScopeTarget[] | undefined => {
  if (!Array.isArray(raw) || raw.length === 0) {
    return problems.add(field, 'must be a non-empty list of targets {contactListId, importJobId?, customEvents?}');
  }
  const targets = raw.map((target, index) => readTarget(target, `${field}[${index}]`, problems));
  return targets.every((target) => target !== undefined) ? targets : undefined;
};

/** The key's text, judged by its scheme's strength rule; a reason when it falls short. */
const keyRefusal = (scheme: keyof typeof SCHEMES, text: string): string | undefined => {
  if (scheme !== 'standardWebhooks') {
    return text.length >= MIN_KEY_LENGTH ? undefined : `must be at least ${MIN_KEY_LENGTH} characters`;
  }
  const key = standardWebhooksKey(text);
  return key !== undefined && key.byteLength >= MIN_SIGNING_KEY_BYTES && key.byteLength <= MAX_SIGNING_KEY_BYTES
    ? undefined
    : `must be whsec_ followed by the base64 of ${MIN_SIGNING_KEY_BYTES} to ${MAX_SIGNING_KEY_BYTES} bytes`;
};

const readEntry = (
  scheme: keyof typeof SCHEMES,
  raw: unknown,
  field: string,
  problems: Problems,
): CredentialEntry | undefined => {
  const { secretName } = SCHEMES[scheme];
  if (typeof raw === 'string') raw = { [secretName]: raw };
  if (!isObject(raw)) return problems.add(field, `must be a string or an object {${secretName}, name?, scope?}`);
  const unknown = Object.keys(raw).filter((name) => !ENTRY_FIELDS.has(name));
  if (unknown.length > 0) problems.add(field, `has unknown members (${unknown.join(', ')})`);
  if (raw.key !== undefined && raw.secret !== undefined)
    problems.add(field, 'must give either key or secret, not both');
  const secretField = raw.key === undefined ? 'secret' : 'key';
  const text = raw[secretField];
  const refusal = typeof text === 'string' ? keyRefusal(scheme, text) : 'is missing or is not a string';
  if (refusal !== undefined) problems.add(`${field}.${typeof raw.key === 'string' ? 'key' : secretName}`, refusal);
  const { name } = raw;
  if (name !== undefined && (typeof name !== 'string' || !NAME.test(name)))
    problems.add(`${field}.name`, "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
  const scope = raw.scope === undefined ? undefined : readScope(raw.scope, `${field}.scope`, problems);
  if (typeof text !== 'string' || refusal !== undefined) return undefined;
  return { secret: text, name: typeof name === 'string' ? name : undefined, scope };
};

const readEntries = (scheme: keyof typeof SCHEMES, raw: unknown, problems: Problems): CredentialEntry[] => {
  const field = `inbound.${SCHEMES[scheme].field}`;
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const at = (index: number) => (Array.isArray(raw) ? `${field}[${index}]` : field);
  return list.flatMap((entry, index) => readEntry(scheme, entry, at(index), problems) ?? []);
};

/**
 * Reads the secret's `inbound` part: each scheme's field takes one entry or a list, an entry being
 * the key itself or `{key|secret, name?, scope?}`. Keys too short to resist guessing, a `whsec_`
 * secret that does not decode to 24..64 bytes, a malformed name or scope: every one is reported,
 * naming its field and never its value, because a half-read credential list would let the wrong
 * callers in or keep the right ones out.
 */
const readInboundCredentials = (raw: unknown): InboundReading => {
  if (raw === undefined) return { ok: true, credentials: { apiKeys: [], standardWebhooks: [], hubSignatures: [] } };
  const problems = new Problems();
  if (!isObject(raw)) return { ok: false, problems: ['field inbound must be an object'] };
  const apiKeys = readEntries('apiKeys', raw.apiKeys, problems);
  const standardWebhooks = readEntries('standardWebhooks', raw.standardWebhooksSecret, problems).map((entry) => ({
    ...entry,
    signingKey: standardWebhooksKey(entry.secret) as Buffer,
  }));
  const hubSignatures = readEntries('hubSignatures', raw.hmacSha256Secret, problems);
  if (problems.list.length > 0) return { ok: false, problems: problems.list };
  return { ok: true, credentials: { apiKeys, standardWebhooks, hubSignatures } };
};

export { type InboundCredentials, type InboundReading, MIN_KEY_LENGTH, readInboundCredentials };
