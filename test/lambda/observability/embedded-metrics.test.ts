import { describe, expect, it } from 'vitest';
import { embeddedMetrics } from '../../../lambda/observability/embedded-metrics';

const SETTING = { namespace: 'Which50ImportWebhook', service: 'which50-import-webhook' };

describe('embeddedMetrics', () => {
  it('declares every metric once under one namespace with the service dimension, values beside', () => {
    // Act
    const document = embeddedMetrics(
      [
        { name: 'RunsRequested', unit: 'Count', value: 1 },
        { name: 'UpstreamLatency', unit: 'Milliseconds', value: 12.5 },
      ],
      SETTING,
      1_767_225_600_000,
    );

    // Assert
    expect(document).toEqual({
      _aws: {
        Timestamp: 1_767_225_600_000,
        CloudWatchMetrics: [
          {
            Namespace: 'Which50ImportWebhook',
            Dimensions: [['service']],
            Metrics: [
              { Name: 'RunsRequested', Unit: 'Count' },
              { Name: 'UpstreamLatency', Unit: 'Milliseconds' },
            ],
          },
        ],
      },
      service: 'which50-import-webhook',
      RunsRequested: 1,
      UpstreamLatency: 12.5,
    });
  });

  it('carries every value of a metric added more than once, declared once', () => {
    // Act
    const document = embeddedMetrics(
      [1, 2, 3].map((value) => ({ name: 'UpstreamLatency', unit: 'Milliseconds' as const, value })),
      SETTING,
      0,
    );

    // Assert
    expect(document.UpstreamLatency).toEqual([1, 2, 3]);
    expect(document._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'UpstreamLatency', Unit: 'Milliseconds' }]);
  });
});
