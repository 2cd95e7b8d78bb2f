import { Duration } from 'aws-cdk-lib';
import { Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import { FAILURE_CLASSES, failedMetricName } from '../../lambda/observability/failure-class';
import {
  CIRCUIT_BREAKER_OPEN,
  RUN_OUTCOME_UNKNOWN,
  RUNS_FAILED,
  RUNS_REPLAYED,
  RUNS_REQUESTED,
  RUNS_SUCCEEDED,
  SECRET_CACHE_MISS,
  SECRET_STALE,
  UPSTREAM_FAILED,
  UPSTREAM_LATENCY,
} from '../../lambda/observability/run-metrics';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../lambda/observability/service-identity';

/** The function's metrics, by the names its code emits them under. */
const METRIC_NAMES = {
  runsRequested: RUNS_REQUESTED,
  runsSucceeded: RUNS_SUCCEEDED,
  runsReplayed: RUNS_REPLAYED,
  runsFailed: RUNS_FAILED,
  upstreamFailed: UPSTREAM_FAILED,
  upstreamLatency: UPSTREAM_LATENCY,
  secretCacheMiss: SECRET_CACHE_MISS,
  secretStale: SECRET_STALE,
  circuitBreakerOpen: CIRCUIT_BREAKER_OPEN,
  runOutcomeUnknown: RUN_OUTCOME_UNKNOWN,
} as const;

/** The period alarms and dashboard graphs count over. */
const PERIOD = Duration.minutes(5);

/**
 * The namespace a stage's function publishes under (its `POWERTOOLS_METRICS_NAMESPACE`), so that
 * two stages in one account never share a metric, and dev's failures never trip prod's alarms.
 */
const metricsNamespaceFor = (stage: string): string => `${METRICS_NAMESPACE}/${stage}`;

/** One of the function's own metrics by name, with how to aggregate it and how to label it. */
type AdapterMetric = (metricName: string, statistic?: string, label?: string) => Metric;

/**
 * The function's own metrics in `namespace` (CloudWatch embedded metric format, carried by each
 * invocation's outcome line), with the `service` dimension the function publishes them under.
 * The names come from the function's code, so a renamed metric cannot leave an alarm watching
 * nothing.
 */
const adapterMetrics =
  (namespace: string): AdapterMetric =>
  (metricName, statistic = Stats.SUM, label) =>
    new Metric({
      namespace,
      metricName,
      dimensionsMap: { service: SERVICE_NAME },
      statistic,
      period: PERIOD,
      ...(label === undefined ? {} : { label }),
    });

export {
  type AdapterMetric,
  adapterMetrics,
  FAILURE_CLASSES,
  failedMetricName,
  METRIC_NAMES,
  metricsNamespaceFor,
  PERIOD,
};
