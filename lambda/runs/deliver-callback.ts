import { Webhook } from 'standardwebhooks';
import type { DeliverCallback } from './callback-delivery';
import type { CallbackPolicy } from './callback-url';

/** STAND-IN until the callback branch's module is merged: signs and sends, checks no address. */
const createCallbackDeliverer = (options: {
  signingSecret: string;
  policy: CallbackPolicy;
  timeoutMs?: number;
}): DeliverCallback => {
  const webhook = new Webhook(options.signingSecret);
  return async ({ url, webhookId, body }) => {
    const at = new Date();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': webhookId,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1_000)),
          'webhook-signature': webhook.sign(webhookId, at, body),
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await response.body?.cancel();
      if (response.status === 410) return { outcome: 'gone', status: 410 };
      if (response.status >= 200 && response.status < 300) return { outcome: 'delivered', status: response.status };
      return { outcome: 'retry', status: response.status, reason: `The receiver answered ${response.status}.` };
    } catch {
      return { outcome: 'retry', status: null, reason: 'No answer from the receiver.' };
    }
  };
};

export { createCallbackDeliverer };
