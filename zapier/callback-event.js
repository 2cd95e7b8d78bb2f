const { timingSafeEqual } = require('node:crypto');
const { Webhook } = require('standardwebhooks');

const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A header of the callback as Zapier hands it to `performResume` (`bundle.rawRequest.headers`:
 * Camel-Case and, but for Content-Type and Content-Length, prefixed `Http-`), found whatever its case.
 */
const headerOf = (headers, name) => {
  const wanted = new Set([name.toLowerCase(), `http-${name.toLowerCase()}`]);
  const found = Object.entries(headers ?? {}).find(([key]) => wanted.has(key.toLowerCase()));
  return found === undefined ? undefined : String(found[1]);
};

const signaturesMatch = (expected, given) => {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** The connection's signing secret as the library's verifier; a secret it cannot decode is the connection's to fix. */
const webhookFor = (z, secret) => {
  try {
    return new Webhook(secret);
  } catch {
    throw new z.errors.Error(
      'The connection’s callback signing secret is not a Standard Webhooks secret (whsec_ followed by base64); reconnect with the adapter’s outbound.callbackSigningSecret.',
      'InvalidCallbackSigningSecret',
    );
  }
};

/**
 * Whether the raw callback carries a Standard Webhooks signature made with the secret: any one
 * `v1,` signature in `webhook-signature` over `webhook-id.webhook-timestamp.body` suffices. The
 * signature is computed by the `standardwebhooks` library; its timestamp window (5 minutes) is not
 * applied, because Zapier may resume the step later than that after the callback arrived, and a
 * replay is already ruled out: a callback URL resumes its step once, and the event must name this
 * step's run.
 */
const isSignedWith = (webhook, rawRequest) => {
  const id = headerOf(rawRequest.headers, 'webhook-id');
  const timestamp = headerOf(rawRequest.headers, 'webhook-timestamp');
  const signatures = headerOf(rawRequest.headers, 'webhook-signature');
  if (id === undefined || timestamp === undefined || signatures === undefined || !/^\d+$/.test(timestamp)) return false;
  const expected = webhook.sign(id, new Date(Number(timestamp) * 1000), rawRequest.content);
  return signatures.split(' ').some((signature) => signature.startsWith('v1,') && signaturesMatch(expected, signature));
};

const parseJson = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The callback's body: the raw content when it must be verified, else Zapier's parsed copy. */
const callbackBodyOf = (z, bundle) => {
  const secret = bundle.authData?.callbackSigningSecret?.trim();
  if (!secret) {
    const cleaned = bundle.cleanedRequest;
    return isRecord(cleaned) && !('type' in cleaned) && isRecord(cleaned.content) ? cleaned.content : cleaned;
  }
  const raw = bundle.rawRequest;
  const webhook = webhookFor(z, secret);
  if (typeof raw?.content !== 'string' || !isSignedWith(webhook, raw)) {
    throw new z.errors.HaltedError(
      'The callback that resumed this step is not signed with the connection’s callback signing secret, so its result is not trusted. Check that the secret matches the adapter’s outbound.callbackSigningSecret.',
    );
  }
  return parseJson(raw.content);
};

const CALLBACK_TYPES = new Set(['import.finished', 'import.failed', 'import.timed-out']);

/**
 * The adapter's callback event that resumed a "Run Import Job and Wait" step, checked: signed when
 * the connection holds the signing secret, one of the three event types, and about this step's
 * own run (the `runId` that `perform` got back), so that no other run's callback can finish it.
 */
const callbackEventOf = (z, bundle) => {
  const event = callbackBodyOf(z, bundle);
  if (!isRecord(event) || !CALLBACK_TYPES.has(event.type) || !isRecord(event.data)) {
    throw new z.errors.Error(
      'The callback that resumed this step is not an import.finished, import.failed or import.timed-out event from the adapter.',
      'UnexpectedCallback',
    );
  }
  const runId = bundle.outputData?.runId;
  if (typeof runId === 'string' && event.data.runId !== runId) {
    throw new z.errors.HaltedError(`The callback names run ${String(event.data.runId)}, not this step's run ${runId}.`);
  }
  return event;
};

module.exports = { callbackEventOf };
