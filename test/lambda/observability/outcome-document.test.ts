import { describe, expect, it } from 'vitest';
import { embeddedMetrics } from '../../../lambda/observability/embedded-metrics';
import type { OutcomeLine } from '../../../lambda/observability/invocation-outcome';
import { type OutcomeDocumentSetting, outcomeDocument } from '../../../lambda/observability/outcome-document';
import type { MetricEntry } from '../../../lambda/observability/run-metrics';

const aSucceededLine = (): OutcomeLine => ({
  level: 'info',
  message: 'runImport succeeded',
  fields: { outcome: 'succeeded', route: 'runImport', status: 200, attempts: 1, elapsedMs: 12.5, requestId: 'r-1' },
});

const RUN_METRICS: readonly MetricEntry[] = [
  { name: 'RunsRequested', unit: 'Count', value: 1 },
  { name: 'UpstreamLatency', unit: 'Milliseconds', value: 8.5 },
];

const METRICS = { namespace: 'Which50ImportWebhook', service: 'which50-import-webhook' };

const aSetting = (overrides: Partial<OutcomeDocumentSetting> = {}): OutcomeDocumentSetting => ({
  timestamp: new Date(Date.UTC(2026, 10, 26, 12, 0, 0, 250)),
  service: 'which50-import-webhook',
  printLine: true,
  metrics: METRICS,
  ...overrides,
});

describe('outcomeDocument', () => {
  it('lays the line out as the logger does: its keys first, then the outcome fields', () => {
    // Act
    const document = outcomeDocument(aSucceededLine(), [], aSetting({ samplingRate: 0.1, xrayTraceId: '1-abc-def' }));

    // Assert
    expect(Object.keys(document ?? {}).slice(0, 7)).toEqual([
      'level',
      'message',
      'timestamp',
      'service',
      'sampling_rate',
      'xray_trace_id',
      'outcome',
    ]);
    expect(document).toEqual({
      level: 'INFO',
      message: 'runImport succeeded',
      timestamp: '2026-11-26T12:00:00.250Z',
      service: 'which50-import-webhook',
      sampling_rate: 0.1,
      xray_trace_id: '1-abc-def',
      ...aSucceededLine().fields,
    });
  });

  it('carries the metrics in the same document, laid out as embeddedMetrics lays them out', () => {
    // Arrange
    const setting = aSetting();

    // Act
    const document = outcomeDocument(aSucceededLine(), RUN_METRICS, setting);

    // Assert
    expect(document).toEqual({
      ...outcomeDocument(aSucceededLine(), [], setting),
      ...embeddedMetrics(RUN_METRICS, METRICS, setting.timestamp.getTime()),
    });
    expect(document).toMatchObject({ outcome: 'succeeded', RunsRequested: 1, UpstreamLatency: 8.5 });
  });

  it('keeps the metrics alone when the log level filters the line out', () => {
    // Act
    const document = outcomeDocument(aSucceededLine(), RUN_METRICS, aSetting({ printLine: false }));

    // Assert
    expect(document).not.toHaveProperty('message');
    expect(document).not.toHaveProperty('outcome');
    expect(document).toMatchObject({ service: 'which50-import-webhook', RunsRequested: 1, UpstreamLatency: 8.5 });
  });

  it('prints the line without metrics when metrics are switched off', () => {
    // Act
    const document = outcomeDocument(aSucceededLine(), RUN_METRICS, aSetting({ metrics: undefined }));

    // Assert
    expect(document).toMatchObject({ message: 'runImport succeeded' });
    expect(document).not.toHaveProperty('_aws');
    expect(document).not.toHaveProperty('RunsRequested');
  });

  it('adds no metric set when there is nothing to count', () => {
    // Act
    const document = outcomeDocument(aSucceededLine(), [], aSetting());

    // Assert
    expect(document).not.toHaveProperty('_aws');
  });

  it('is nothing at all when the line is filtered out and there is nothing to count', () => {
    // Act
    const document = outcomeDocument(aSucceededLine(), [], aSetting({ printLine: false }));

    // Assert
    expect(document).toBeUndefined();
  });
});
