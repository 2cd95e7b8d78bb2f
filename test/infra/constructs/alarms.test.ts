import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aScheduleEntry } from '../support/schedule-entry';
import { onlyResource, type SynthesizedStack, synthStack } from '../support/synth-stack';

type Alarm = Record<string, any>;

const alarmsOf = (synthesized: SynthesizedStack): Alarm[] =>
  Object.values(synthesized.template.findResources('AWS::CloudWatch::Alarm')).map(({ Properties }) => Properties);

const alarmOn = (alarms: readonly Alarm[], metricName: string, dimension: unknown): Alarm => {
  const found = alarms.filter(
    (alarm) => alarm.MetricName === metricName && JSON.stringify(alarm.Dimensions).includes(JSON.stringify(dimension)),
  );
  if (found.length !== 1)
    throw new Error(`Expected one alarm on ${metricName} ${JSON.stringify(dimension)}, found ${found.length}.`);
  return found[0]!;
};

const queueIdStartingWith = (synthesized: SynthesizedStack, prefix: string): string =>
  Object.keys(synthesized.template.findResources('AWS::SQS::Queue')).find((id) => id.startsWith(prefix))!;

describe('OperationalAlarms', () => {
  let full: SynthesizedStack;
  let quiet: SynthesizedStack;
  let alarms: Alarm[];

  beforeAll(() => {
    full = synthStack({ alarmEmail: 'ops@example.com', schedules: [aScheduleEntry()] });
    quiet = synthStack();
    alarms = alarmsOf(full);
  });

  afterAll(() => {
    full.cleanUp();
    quiet.cleanUp();
  });

  it('alarms as soon as the function reports an error', () => {
    // Arrange
    const { id: functionId } = onlyResource(full.template, 'AWS::Lambda::Function', 'ImportFunction');

    // Act
    const alarm = alarmOn(alarms, 'Errors', { Name: 'FunctionName', Value: { Ref: functionId } });

    // Assert
    expect(alarm).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Threshold: 1 });
    expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
  });

  it('alarms on the API answering 5xx', () => {
    // Arrange
    const { properties: api } = onlyResource(full.template, 'AWS::ApiGateway::RestApi');

    // Act
    const alarm = alarmOn(alarms, '5XXError', { Name: 'ApiName', Value: api.Name });

    // Assert
    expect(alarm).toMatchObject({ Namespace: 'AWS/ApiGateway', Statistic: 'Sum' });
    expect(alarm.Threshold).toBeGreaterThanOrEqual(1);
  });

  it("alarms on the function's UpstreamFailed metric, as Powertools publishes it", () => {
    // Act
    const alarm = alarmOn(alarms, 'UpstreamFailed', { Name: 'service', Value: 'which50-import-webhook' });

    // Assert
    expect(alarm).toMatchObject({ Namespace: 'Which50ImportWebhook/prod', Statistic: 'Sum', Threshold: 1 });
  });

  it.each([['CircuitBreakerOpen'], ['RunOutcomeUnknown']])(
    "alarms as soon as the function reports %s, in its stage's namespace",
    (metricName) => {
      // Act
      const alarm = alarmOn(alarms, metricName, { Name: 'service', Value: 'which50-import-webhook' });

      // Assert
      expect(alarm).toMatchObject({ Namespace: 'Which50ImportWebhook/prod', Statistic: 'Sum', Threshold: 1 });
      expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    },
  );

  it("watches only its own stage's metrics, so dev's failures never trip prod's alarms", () => {
    // Arrange
    const dev = synthStack({ stage: 'dev' });

    // Act
    const namespaces = new Set(
      alarmsOf(dev)
        .map(({ Namespace }) => Namespace as string | undefined)
        .filter((namespace) => namespace?.startsWith('Which50ImportWebhook')),
    );
    dev.cleanUp();

    // Assert
    expect(namespaces).toEqual(new Set(['Which50ImportWebhook/dev']));
  });

  it('alarms when runs fail because of the adapter itself: its configuration, or a bug', () => {
    // Act
    const alarm = alarms.find((candidate) => candidate.Metrics !== undefined);

    // Assert
    expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    const metrics = (alarm?.Metrics ?? []) as {
      Expression?: string;
      MetricStat?: { Metric: Record<string, unknown> };
    }[];
    expect(metrics.find(({ Expression }) => Expression !== undefined)?.Expression).toBe(
      'FILL(configuration, 0) + FILL(internal, 0)',
    );
    expect(metrics.flatMap(({ MetricStat }) => (MetricStat === undefined ? [] : [MetricStat.Metric]))).toEqual([
      {
        Namespace: 'Which50ImportWebhook/prod',
        MetricName: 'RunsFailedConfiguration',
        Dimensions: [{ Name: 'service', Value: 'which50-import-webhook' }],
      },
      {
        Namespace: 'Which50ImportWebhook/prod',
        MetricName: 'RunsFailedInternal',
        Dimensions: [{ Name: 'service', Value: 'which50-import-webhook' }],
      },
    ]);
  });

  it.each([['FailedRuns'], ['SchedulesDeadLetterQueue']])(
    'alarms when the %s dead-letter queue is not empty',
    (prefix) => {
      // Arrange
      const queueId = queueIdStartingWith(full, prefix);

      // Act
      const alarm = alarmOn(alarms, 'ApproximateNumberOfMessagesVisible', {
        Name: 'QueueName',
        Value: { 'Fn::GetAtt': [queueId, 'QueueName'] },
      });

      // Assert
      expect(alarm).toMatchObject({ Namespace: 'AWS/SQS', Statistic: 'Maximum', Threshold: 1 });
      expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    },
  );

  it('does not alarm on silence: no traffic is not a failure', () => {
    // Act
    const treatments = new Set(alarms.map(({ TreatMissingData }) => TreatMissingData));

    // Assert
    expect(treatments).toEqual(new Set(['notBreaching']));
  });

  it('subscribes the alarm email to a TLS-only topic', () => {
    // Arrange
    const { id: topicId } = onlyResource(full.template, 'AWS::SNS::Topic');

    // Act
    const { properties: subscription } = onlyResource(full.template, 'AWS::SNS::Subscription');
    const { properties: topicPolicy } = onlyResource(full.template, 'AWS::SNS::TopicPolicy');

    // Assert
    expect(subscription).toMatchObject({ Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: topicId } });
    expect(topicPolicy.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('notifies the topic when any alarm fires and when it clears', () => {
    // Arrange
    const { id: topicId } = onlyResource(full.template, 'AWS::SNS::Topic');

    // Act
    const actions = alarms.map(({ AlarmActions, OKActions }) => ({ AlarmActions, OKActions }));

    // Assert
    for (const action of actions)
      expect(action).toEqual({ AlarmActions: [{ Ref: topicId }], OKActions: [{ Ref: topicId }] });
  });

  it('creates no topic and no alarm actions without an alarm email', () => {
    // Act
    const withActions = alarmsOf(quiet).filter((alarm) => alarm.AlarmActions !== undefined);

    // Assert
    quiet.template.resourceCountIs('AWS::SNS::Topic', 0);
    expect(withActions).toEqual([]);
  });

  it("watches the failed-runs queue and the async runs' two queues when there are no schedules", () => {
    // Act
    const queueAlarms = alarmsOf(quiet).filter(({ Namespace }) => Namespace === 'AWS/SQS');

    // Assert
    expect(queueAlarms).toHaveLength(3);
  });
});
