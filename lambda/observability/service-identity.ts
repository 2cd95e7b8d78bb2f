/**
 * The names the function's logs and metrics are filed under, shared with the stack (its
 * environment, alarms and dashboard), so that what is emitted and what is watched cannot drift.
 */

/** The `service` field of every log line, and the one dimension of every metric. */
const SERVICE_NAME = 'which50-import-webhook';

/** The one CloudWatch namespace of the function's metrics (`POWERTOOLS_METRICS_NAMESPACE`). */
const METRICS_NAMESPACE = 'Which50ImportWebhook';

export { METRICS_NAMESPACE, SERVICE_NAME };
