import { type EmbeddedMetrics, embeddedMetrics, type MetricsSetting } from './embedded-metrics';
import type { OutcomeFields, OutcomeLine } from './invocation-outcome';
import type { MetricEntry } from './run-metrics';

/** What the printed document needs beyond the line and its metrics, read once per invocation at the edge. */
interface OutcomeDocumentSetting {
  readonly timestamp: Date;
  readonly service: string;
  /** False when the log level is above the line's: its metrics are still published, alone. */
  readonly printLine: boolean;
  /** The debug sampling rate, when one is set (the logger's `sampling_rate`). */
  readonly samplingRate?: number;
  readonly xrayTraceId?: string;
  /** Undefined when metrics are switched off. */
  readonly metrics?: MetricsSetting;
}

/** The outcome line as printed: the logger's own keys first, then the outcome's fields, then its metrics. */
type OutcomeDocument = Partial<EmbeddedMetrics> &
  OutcomeFields & {
    readonly level: string;
    readonly message: string;
    readonly timestamp: string;
    readonly service: string;
    readonly sampling_rate?: number;
    readonly xray_trace_id?: string;
  };

/**
 * The one JSON document an invocation prints when it ends: its outcome line, laid out as the
 * Powertools logger lays out every other line (level, message, timestamp, service, sampling rate,
 * X-Ray trace id), carrying the invocation's metrics in CloudWatch's embedded metric format. One
 * document rather than a log line and a metrics line: CloudWatch reads the metrics from it and
 * keeps the fields searchable, and the invocation pays for one serialization and one write.
 * With the line filtered out by the log level, only the metrics remain; with neither, nothing.
 */
const outcomeDocument = (
  line: OutcomeLine,
  metrics: readonly MetricEntry[],
  setting: OutcomeDocumentSetting,
): OutcomeDocument | EmbeddedMetrics | undefined => {
  const published =
    setting.metrics === undefined || metrics.length === 0
      ? undefined
      : embeddedMetrics(metrics, setting.metrics, setting.timestamp.getTime());
  if (!setting.printLine) return published;
  return {
    level: line.level.toUpperCase(),
    message: line.message,
    timestamp: setting.timestamp.toISOString(),
    service: setting.service,
    sampling_rate: setting.samplingRate,
    xray_trace_id: setting.xrayTraceId,
    ...line.fields,
    ...published,
  };
};

export { type OutcomeDocument, type OutcomeDocumentSetting, outcomeDocument };
