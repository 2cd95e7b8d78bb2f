import { Validations } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type AdapterMetric, failedMetricName, METRIC_NAMES, PERIOD } from './adapter-metrics';

/**
 * Runs that failed because the adapter itself is broken (its settings or secret, or a bug), not
 * because of a caller or of Which50: every such run will fail the same way until someone acts.
 */
const adapterBrokenMetric = (adapterMetric: AdapterMetric): IMetric =>
  new MathExpression({
    expression: 'FILL(configuration, 0) + FILL(internal, 0)',
    usingMetrics: {
      configuration: adapterMetric(failedMetricName('configuration')),
      internal: adapterMetric(failedMetricName('internal')),
    },
    period: PERIOD,
    label: 'Runs failed by the adapter itself',
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
  /** The durable function of async runs. */
  readonly asyncRuns: IFunction;
  /** The function's own metrics, in its stage's namespace. */
  readonly metric: AdapterMetric;
  readonly api: RestApi;
  readonly deadLetterQueues: readonly WatchedQueue[];
  /** Subscribed to an SNS topic that every alarm notifies, when given. */
  readonly alarmEmail?: string;
}

/**
 * The alarms an operator needs: the function failing, the API answering 5xx, Which50 failing, the
 * adapter's own configuration broken, the circuit breaker open, a run whose outcome stays
 * unknown, and anything parked in a dead-letter queue. No traffic is
 * not a failure, so missing data never alarms.
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
    this.add('AsyncRunErrors', {
      metric: props.asyncRuns.metricErrors({ period: PERIOD, statistic: Stats.SUM }),
      threshold: 1,
      description:
        "The async runs' durable function threw at least once in 5 minutes (its secret or settings broken, or a bug); the execution retries, and a start that keeps failing lands in the FailedStarts queue.",
    });
    this.add('Api5xx', {
      metric: props.api.metricServerError({ period: PERIOD, statistic: Stats.SUM }),
      threshold: 5,
      description:
        'The API answered 5xx at least 5 times in 5 minutes (Which50 failing or slow, or the function broken).',
    });
    this.add('UpstreamFailed', {
      metric: props.metric(METRIC_NAMES.upstreamFailed),
      threshold: 1,
      description:
        'Which50 failed at least one call in 5 minutes: an error answer (4xx or 5xx, after retries), a malformed answer, unreachable or too slow. The outcome lines (saved query) name the job and the cause.',
    });
    this.add('AdapterMisconfigured', {
      metric: adapterBrokenMetric(props.metric),
      threshold: 1,
      description:
        "At least one run failed in 5 minutes because of the adapter itself: its secret or settings are broken (the outcome line's problem.detail names the field), or a bug. Every run fails until it is fixed.",
    });
    this.add('CircuitBreakerOpen', {
      metric: props.metric(METRIC_NAMES.circuitBreakerOpen),
      threshold: 1,
      description:
        'The circuit breaker answered at least one request 503 without calling Which50 in 5 minutes: Which50 kept failing (refused, 429/503 after retries, timeouts). Senders are told to retry later; check Which50 and the UpstreamFailed alarm.',
    });
    this.add('RunOutcomeUnknown', {
      metric: props.metric(METRIC_NAMES.runOutcomeUnknown),
      threshold: 1,
      description:
        "A duplicate delivery of a run whose fate is unknown could not be reconciled in 5 minutes (409 run-outcome-unknown): the job's status does not show the first run. Check the job in Which50; a new idempotency key runs it anyway.",
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
