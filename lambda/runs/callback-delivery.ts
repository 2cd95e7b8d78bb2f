/** One POST of a callback: the signed event, as the durable workflow asks for it. */
interface CallbackDelivery {
  readonly url: string;
  /** Stable across retries of this event: `${runId}.${type}`. */
  readonly webhookId: string;
  /** The event's JSON text, signed as sent. */
  readonly body: string;
}

/**
 * What one attempt came to: `delivered` (2xx), `gone` (410: stop for good), `retry` (another status,
 * a timeout or a connection failure: try again later), `forbidden` (the URL resolved to an address
 * the policy forbids: never sent, never retried).
 */
type CallbackAttempt =
  | { readonly outcome: 'delivered'; readonly status: number }
  | { readonly outcome: 'gone'; readonly status: 410 }
  | { readonly outcome: 'retry'; readonly status: number | null; readonly reason: string }
  | { readonly outcome: 'forbidden'; readonly reason: string };

/** Sends one attempt of a callback; never throws for the receiver's sake, only for the adapter's own bugs. */
type DeliverCallback = (delivery: CallbackDelivery) => Promise<CallbackAttempt>;

export type { CallbackAttempt, CallbackDelivery, DeliverCallback };
