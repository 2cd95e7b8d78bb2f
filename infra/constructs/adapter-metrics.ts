import { Duration } from 'aws-cdk-lib';
import { Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import { FAILURE_CLASSES, failedMetricName } from '../../lambda/observability/failure-class';
import {
  RUNS_FAILED,
  RUNS_REPLAYED,
  RUNS_REQUESTED,
  RUNS_SUCCEEDED,
  SECRET_CACHE_MISS,
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
} as const;

/** The period alarms and dashboard graphs count over. */
const PERIOD = Duration.minutes(5);

/**
 * One of the function's own metrics (CloudWatch embedded metric format, carried by each
 * invocation's outcome line), with the namespace and `service` dimension the function publishes
 * it under. The names come from the function's code, so a renamed metric cannot leave an alarm
 * watching nothing.
 */
const adapterMetric = (metricName: string, statistic: string = Stats.SUM, label?: string): Metric =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    statistic,
    period: PERIOD,
    ...(label === undefined ? {} : { label }),
  });

export { adapterMetric, FAILURE_CLASSES, failedMetricName, METRIC_NAMES, PERIOD };
