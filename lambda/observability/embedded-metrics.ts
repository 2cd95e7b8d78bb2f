import type { MetricEntry } from './run-metrics';

interface MetricsSetting {
  readonly namespace: string;
  readonly service: string;
}

/** One embedded-metric-format document: the metadata, the dimension, and each metric's value(s). */
interface EmbeddedMetrics {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  readonly service: string;
  readonly [metric: string]: unknown;
}

/**
 * One set of metrics in CloudWatch's embedded metric format: members of a JSON log line (the
 * outcome line) that CloudWatch turns into metrics, every metric under `namespace` with the `service` dimension. A metric added
 * more than once (one latency per attempt) carries all its values.
 */
const embeddedMetrics = (
  entries: readonly MetricEntry[],
  { namespace, service }: MetricsSetting,
  timestamp: number,
): EmbeddedMetrics => {
  const values: Record<string, number | number[]> = {};
  const definitions: { Name: string; Unit: string }[] = [];
  for (const { name, unit, value } of entries) {
    const earlier = values[name];
    if (earlier === undefined) definitions.push({ Name: name, Unit: unit });
    values[name] = earlier === undefined ? value : [earlier, value].flat();
  }
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [['service']], Metrics: definitions }],
    },
    service,
    ...values,
  };
};

export { type EmbeddedMetrics, embeddedMetrics, type MetricsSetting };
