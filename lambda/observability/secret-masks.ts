import type { AdapterSecret } from '../secrets/adapter-secret';
import type { SecretSource } from '../secrets/secret-source';

/** Shorter values would mask ordinary words and numbers; a credential this short is no credential. */
const MIN_MASKED_LENGTH = 6;
/** Enough for every value of the secrets of one process's life; past it, only the newest secret's are kept. */
const MAX_MASKED_VALUES = 64;

const MASK = '[secret]';

/**
 * The credential values this process has loaded. Only values are kept, never the secret object,
 * and the set is shared by every invocation: the secret itself is shared the same way.
 */
const maskedValues = new Set<string>();
const rememberedSecrets = new WeakSet<AdapterSecret>();

/**
 * Every value of the secret that must never be printed: the upstream credential (for `basic`, the
 * password and the encoded pair the Authorization header carries) and each inbound key, the
 * Standard Webhooks secret also without its `whsec_` prefix.
 */
const secretValuesOf = ({ which50: { auth }, inbound }: AdapterSecret): string[] => {
  const { apiKeys, standardWebhooks, hubSignatures } = inbound;
  const upstream =
    auth.scheme === 'bearer'
      ? [auth.token]
      : auth.scheme === 'header'
        ? [auth.value]
        : [auth.password, Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')];
  return [
    ...upstream,
    ...apiKeys.map((entry) => entry.secret),
    ...standardWebhooks.flatMap((entry) => [entry.secret, entry.secret.replace(/^whsec_/, '')]),
    ...hubSignatures.map((entry) => entry.secret),
  ].filter((value) => value.length >= MIN_MASKED_LENGTH);
};

const rememberSecretValues = (secret: AdapterSecret): AdapterSecret => {
  if (rememberedSecrets.has(secret)) return secret;
  rememberedSecrets.add(secret);
  if (maskedValues.size > MAX_MASKED_VALUES) maskedValues.clear();
  for (const value of secretValuesOf(secret)) maskedValues.add(value);
  return secret;
};

/**
 * Wraps a secret source so that every secret it hands out, cached or freshly rotated, has its
 * values remembered for {@link maskSecretValues} before anyone can use them.
 */
const maskingSecretSource =
  (source: SecretSource): SecretSource =>
  (options) =>
    source(options).then(rememberSecretValues);

/**
 * `text` with every loaded credential value replaced by `[secret]`. The outcome line passes
 * caller- and Which50-supplied text through it: a caller who pastes a key into a payload field,
 * or an upstream error that echoes a token, must not put it into the log.
 */
const maskSecretValues = (text: string): string => {
  let masked = text;
  for (const value of maskedValues) if (masked.includes(value)) masked = masked.replaceAll(value, MASK);
  return masked;
};

export { MASK, maskingSecretSource, maskSecretValues, secretValuesOf };
