const SECRET_PREFIX = 'whsec_';
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes strict base64 only: Node's decoder would silently skip stray characters. */
const decodeBase64 = (text: string): Buffer | undefined =>
  text !== '' && CANONICAL_BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;

/**
 * The signing key a `whsec_<base64>` secret stands for (the prefix may be left out, as the
 * reference library allows), or undefined when the secret is not that shape, which is an
 * operator's mistake and must not pass for "no valid signature".
 */
const standardWebhooksKey = (secret: string): Buffer | undefined =>
  decodeBase64(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret);

export { decodeBase64, standardWebhooksKey };
