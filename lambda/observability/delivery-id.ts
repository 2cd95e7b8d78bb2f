/** Longer ids are cut: the idempotency check refuses them anyway, and a log line has no use for more. */
const MAX_ID_LENGTH = 255;

/**
 * The sender's own id for an HTTP delivery, to correlate the outcome line with what the sender
 * logged: `webhook:<webhook-id>`, else `key:<Idempotency-Key>`, as the idempotency key names them.
 * Read for every request, before any check, so that a delivery refused as invalid can be found too.
 */
const httpDeliveryId = (headers: Readonly<Record<string, string>>): string | undefined => {
  const webhookId = headers['webhook-id']?.trim();
  const key = headers['idempotency-key']?.trim();
  const id = webhookId ? `webhook:${webhookId}` : key ? `key:${key}` : undefined;
  return id?.slice(0, MAX_ID_LENGTH);
};

export { httpDeliveryId };
