import { Logger } from '@aws-lambda-powertools/logger';
import { embeddedMetrics } from './embedded-metrics';
import type { MetricEntry } from './run-metrics';
import { METRICS_NAMESPACE, SERVICE_NAME } from './service-identity';

/**
 * The adapter's one logger: JSON lines, level from `POWERTOOLS_LOG_LEVEL`, debug sampling from
 * `POWERTOOLS_LOGGER_SAMPLE_RATE`, pretty-printed with `POWERTOOLS_DEV=true`. It is only ever
 * handed named fields (ids, statuses, problem titles and details, error names): never a header, a
 * body, a secret or an error object.
 */
const logger = new Logger({ serviceName: SERVICE_NAME });

/**
 * Makes this invocation's debug-sampling decision (a share of invocations, set by
 * `POWERTOOLS_LOGGER_SAMPLE_RATE`, also prints their debug lines). Without sampling, it does nothing.
 */
const resampleDebugLogs: () => void =
  Number(process.env.POWERTOOLS_LOGGER_SAMPLE_RATE) > 0 ? () => logger.refreshSampleRateCalculation() : () => {};

/** Metrics are switched off as Powertools Metrics are, by `POWERTOOLS_METRICS_DISABLED=true` (the local server on a terminal sets it). */
const metricsDisabled = process.env.POWERTOOLS_METRICS_DISABLED === 'true';

const metricsSetting = {
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE?.trim() || METRICS_NAMESPACE,
  service: SERVICE_NAME,
};

let secretFetches = 0;

/** Counts one real Secrets Manager fetch; it is published with the next invocation's metrics. */
const countSecretFetch = (): void => {
  secretFetches += 1;
};

/** The secret fetches counted since the last call, which publishes them. */
const takeSecretFetches = (): number => {
  const taken = secretFetches;
  secretFetches = 0;
  return taken;
};

/**
 * Prints one invocation's metrics as one embedded-metric-format line on stdout, where CloudWatch
 * reads them; with nothing to publish, it prints nothing (no empty set).
 */
const publishMetrics = (entries: readonly MetricEntry[]): void => {
  if (entries.length === 0 || metricsDisabled) return;
  process.stdout.write(`${JSON.stringify(embeddedMetrics(entries, metricsSetting, Date.now()))}\n`);
};

export { countSecretFetch, logger, publishMetrics, resampleDebugLogs, takeSecretFetches };
