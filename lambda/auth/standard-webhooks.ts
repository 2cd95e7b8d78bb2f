import { createHmac } from 'node:crypto';
import { digestsMatch } from './digest-match';
import type { InboundRequest } from './inbound-request';
import { decodeBase64 } from './signing-key';

/**
 * How a Standard Webhooks check ended. `outside-tolerance` is kept apart from `refused` because it
 * is the one failure a genuine sender can fix (its clock, or a delivery held too long), and it is
 * reported only for a signature that matched, so it tells a forger nothing.
 */
type StandardWebhookVerdict<Entry> =
  | { readonly verdict: 'unsigned' | 'refused' | 'outside-tolerance' }
  | { readonly verdict: 'accepted'; readonly entry: Entry; readonly messageId: string };

/** The three headers of a delivery, under either naming. */
interface SignedHeaders {
  readonly id: string | undefined;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
}

interface StandardWebhookOptions {
  /** The instant the request is judged at; the timestamp must lie within the tolerance of it. */
  readonly now: Date;
  /** How far, in seconds, the signed timestamp may lie before or after `now`. */
  readonly toleranceSeconds: number;
}

/** The tolerance the specification recommends, and the adapter's default. */
const DEFAULT_TOLERANCE_SECONDS = 300;

const TIMESTAMP = /^\d{1,15}$/;

/** The `v1` signatures of a `webhook-signature` header, decoded; other versions and garbage are skipped. */
const presentedSignatures = (header: string): Buffer[] =>
  header
    .split(' ')
    .map((entry) => /^v1,(.*)$/s.exec(entry)?.[1])
    .flatMap((encoded) => {
      const decoded = encoded === undefined ? undefined : decodeBase64(encoded);
      return decoded === undefined ? [] : [decoded];
    });

const isWithinTolerance = (timestamp: number, { now, toleranceSeconds }: StandardWebhookOptions): boolean => {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return nowSeconds - timestamp <= toleranceSeconds && timestamp - nowSeconds <= toleranceSeconds;
};

/**
 * The delivery's headers: the specification's `webhook-*` names or, when none of those is sent,
 * Svix's `svix-*` (the same scheme under its largest sender's names). Never a mix of both, so a
 * forger cannot pair one delivery's id with another's signature.
 */
const signedHeadersOf = (headers: Readonly<Record<string, string>>): SignedHeaders => {
  const prefix =
    headers['webhook-id'] === undefined &&
    headers['webhook-timestamp'] === undefined &&
    headers['webhook-signature'] === undefined
      ? 'svix'
      : 'webhook';
  return {
    id: headers[`${prefix}-id`],
    timestamp: headers[`${prefix}-timestamp`],
    signature: headers[`${prefix}-signature`],
  };
};

/**
 * Verifies a Standard Webhooks delivery: an HMAC-SHA256, under one entry's key, of
 * `<webhook-id>.<webhook-timestamp>.<raw body bytes>`, any one of the header's space-separated
 * `v1,<base64>` signatures sufficing (senders list two while they rotate keys). Every entry's key is
 * tried, and the first that made a signature names the sender. The timestamp must lie within the
 * tolerance either way, so a captured delivery cannot be replayed later. Missing, malformed or
 * garbage headers are refused, never thrown. An accepted delivery's `messageId` is its verified id.
 */
const checkStandardWebhook = <Entry extends { readonly signingKey: Buffer }>(
  request: InboundRequest,
  entries: readonly Entry[],
  options: StandardWebhookOptions,
): StandardWebhookVerdict<Entry> => {
  const { id, timestamp: timestampHeader, signature: signatureHeader } = signedHeadersOf(request.headers);
  if (id === undefined && timestampHeader === undefined && signatureHeader === undefined)
    return { verdict: 'unsigned' };
  if (!id || !timestampHeader || !signatureHeader || !TIMESTAMP.test(timestampHeader.trim())) {
    return { verdict: 'refused' };
  }
  const timestamp = Number(timestampHeader.trim());
  const signedContent = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), request.rawBody]);
  const presented = presentedSignatures(signatureHeader);
  let matched: Entry | undefined;
  for (const entry of entries) {
    const expected = createHmac('sha256', entry.signingKey).update(signedContent).digest();
    const found = presented.reduce((match, signature) => digestsMatch(expected, signature) || match, false);
    if (found) matched ??= entry;
  }
  if (matched === undefined) return { verdict: 'refused' };
  if (!isWithinTolerance(timestamp, options)) return { verdict: 'outside-tolerance' };
  return { verdict: 'accepted', entry: matched, messageId: id };
};

export { checkStandardWebhook, DEFAULT_TOLERANCE_SECONDS, type StandardWebhookOptions, type StandardWebhookVerdict };
