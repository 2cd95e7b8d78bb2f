import { hash, timingSafeEqual } from 'node:crypto';

const digest = (text: string): Buffer => hash('sha256', text, 'buffer');

/**
 * Keys are compared as SHA-256 digests, 32 bytes each, so the time taken depends on neither the
 * presented key's content nor its length. The configured keys' digests are computed once per key.
 */
const configuredDigests = new Map<string, Buffer>();
const MAX_CACHED_KEYS = 64;

const configuredDigest = (key: string): Buffer => {
  let known = configuredDigests.get(key);
  if (known === undefined) {
    if (configuredDigests.size >= MAX_CACHED_KEYS) configuredDigests.clear();
    known = digest(key);
    configuredDigests.set(key, known);
  }
  return known;
};

/** The key a caller presented: `x-api-key`, or `Authorization: Bearer KEY` (what Zapier-style tools send). */
const presentedApiKey = (headers: Readonly<Record<string, string>>): string | undefined => {
  const apiKey = headers['x-api-key']?.trim();
  if (apiKey) return apiKey;
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return bearer?.[1];
};

/**
 * The configured entry whose key the caller presented, or undefined. Every configured key is
 * compared, even after a match, so the time taken does not reveal which key of a rotation pair
 * was used.
 */
const matchingApiKey = <Entry extends { readonly secret: string }>(
  headers: Readonly<Record<string, string>>,
  entries: readonly Entry[],
): Entry | undefined => {
  const presented = presentedApiKey(headers);
  if (presented === undefined) return undefined;
  const presentedDigest = digest(presented);
  let matched: Entry | undefined;
  for (const entry of entries) {
    if (timingSafeEqual(presentedDigest, configuredDigest(entry.secret))) matched ??= entry;
  }
  return matched;
};

export { matchingApiKey };
