import { Duration, Validations } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

const PERIOD = Duration.minutes(5);

/** The function's own signal that Which50 failed a call (EMF, emitted by Powertools Metrics). */
const upstreamFailedMetric = (): Metric =>
  new Metric({
    namespace: 'Which50ImportWebhook',
    metricName: 'UpstreamFailed',
    dimensionsMap: { service: 'which50-import-webhook' },
    statistic: Stats.SUM,
    period: PERIOD,
  });

interface AlarmSpec {
  readonly metric: IMetric;
  readonly threshold: number;
  readonly description: string;
}

interface WatchedQueue {
  /** Used in the alarm's id and description, e.g. "FailedRuns". */
  readonly name: string;
  readonly queue: IQueue;
  readonly holds: string;
}

interface OperationalAlarmsProps {
  readonly handler: IFunction;
  readonly api: RestApi;
  readonly deadLetterQueues: readonly WatchedQueue[];
  /** Subscribed to an SNS topic that every alarm notifies, when given. */
  readonly alarmEmail?: string;
}

/**
 * The alarms an operator needs: the function failing, the API answering 5xx, Which50 failing, and
 * anything parked in a dead-letter queue. No traffic is not a failure, so missing data never alarms.
 */
class OperationalAlarms extends Construct {
  readonly alarms: Alarm[] = [];
  readonly topic?: Topic;

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    this.add('FunctionErrors', {
      metric: props.handler.metricErrors({ period: PERIOD, statistic: Stats.SUM }),
      threshold: 1,
      description: 'The function threw (a failed schedule run, or a crash) at least once in 5 minutes.',
    });
    this.add('Api5xx', {
      metric: props.api.metricServerError({ period: PERIOD, statistic: Stats.SUM }),
      threshold: 5,
      description: 'The API answered 5xx at least 5 times in 5 minutes (Which50 failing or slow, or the function broken).',
    });
    this.add('UpstreamFailed', {
      metric: upstreamFailedMetric(),
      threshold: 1,
      description: 'Which50 failed at least one call in 5 minutes (5xx, malformed answer, unreachable or too slow).',
    });
    for (const { name, queue, holds } of props.deadLetterQueues) {
      this.add(`${name}NotEmpty`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: Stats.MAXIMUM }),
        threshold: 1,
        description: `The dead-letter queue for ${holds} is not empty; inspect and redrive.`,
      });
    }
    if (props.alarmEmail !== undefined) this.topic = this.notify(props.alarmEmail);
  }

  /** An alarm when `metric` reaches `threshold` within one period. */
  private add(id: string, { metric, threshold, description }: AlarmSpec): void {
    this.alarms.push(
      new Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }),
    );
  }

  private notify(email: string): Topic {
    const topic = new Topic(this, 'Topic', { displayName: 'Which50 import webhook alarms', enforceSSL: true });
    topic.addSubscription(new EmailSubscription(email));
    const action = new SnsAction(topic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'The topic carries only alarm state changes (alarm names, thresholds, no payloads or credentials). CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a customer-managed key would add a fixed monthly charge for no protected data.',
    });
    return topic;
  }
}

export { OperationalAlarms, type WatchedQueue };
