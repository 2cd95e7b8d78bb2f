import { Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IWidget,
  LogQueryWidget,
  Stats,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnQueryDefinition, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type AdapterMetric, FAILURE_CLASSES, failedMetricName, METRIC_NAMES, PERIOD } from './adapter-metrics';

/**
 * The saved query for "why did import job N not run": every outcome line of one job, newest
 * first, each naming its outcome, failure class, problem, upstream status, attempts and ids. The
 * job's id goes in place of the 0 (no job has id 0, so the unedited query finds nothing).
 */
const WHY_DID_JOB_NOT_RUN = [
  '# Why did import job N not run? Put the job id in place of 0 below, and pick the time range.',
  '# One line per invocation: outcome, failureClass and problem.* say why; requestId is the',
  '# x-request-id the caller got, deliveryId its webhook-id / Idempotency-Key / schedule occurrence.',
  'fields @timestamp, outcome, status, failureClass, problem.title, problem.detail, upstreamStatus, upstreamFailure,',
  '  attempts, idempotency, jobStatus, route, schedule, contactListId, deliveryId, requestId, awsRequestId',
  '| filter importJobId = 0',
  '| sort @timestamp desc',
  '| limit 100',
].join('\n');

/** The dashboard's table of recent failures, across all jobs. */
const RECENT_FAILURES = [
  'fields @timestamp, message, status, failureClass, contactListId, importJobId, problem.detail, deliveryId, requestId',
  '| filter outcome = "failed"',
  '| sort @timestamp desc',
  '| limit 50',
];

interface OperationsDashboardProps {
  readonly handler: IFunction;
  /** The durable function of async runs, and the queues of what it could not do. */
  readonly asyncRuns: { readonly handler: IFunction; readonly failedStarts: IQueue; readonly givenUpCallbacks: IQueue };
  /** The function's own metrics, in its stage's namespace. */
  readonly metric: AdapterMetric;
  readonly logGroup: ILogGroup;
  readonly api: RestApi;
  readonly alarms: readonly Alarm[];
}

const WIDTH = 24;
const HALF = WIDTH / 2;
const HEIGHT = 6;

const runsWidget = (adapterMetric: AdapterMetric): IWidget =>
  new GraphWidget({
    title: 'Import runs (HTTP and schedules)',
    width: HALF,
    height: HEIGHT,
    left: [
      adapterMetric(METRIC_NAMES.runsRequested, Stats.SUM, 'requested'),
      adapterMetric(METRIC_NAMES.runsSucceeded, Stats.SUM, 'succeeded'),
      adapterMetric(METRIC_NAMES.runsReplayed, Stats.SUM, 'replayed (duplicate delivery)'),
      adapterMetric(METRIC_NAMES.runsFailed, Stats.SUM, 'failed'),
    ],
  });

const failuresWidget = (adapterMetric: AdapterMetric): IWidget =>
  new GraphWidget({
    title: 'Failed runs by cause',
    width: HALF,
    height: HEIGHT,
    stacked: true,
    left: FAILURE_CLASSES.map((failureClass) => adapterMetric(failedMetricName(failureClass), Stats.SUM, failureClass)),
  });

const upstreamWidget = (adapterMetric: AdapterMetric): IWidget =>
  new GraphWidget({
    title: 'Which50: failures and latency per attempt',
    width: HALF,
    height: HEIGHT,
    left: [adapterMetric(METRIC_NAMES.upstreamFailed, Stats.SUM, 'failed calls')],
    right: [
      adapterMetric(METRIC_NAMES.upstreamLatency, Stats.p(50), 'latency p50 (ms)'),
      adapterMetric(METRIC_NAMES.upstreamLatency, Stats.p(99), 'latency p99 (ms)'),
    ],
  });

const secretWidget = (adapterMetric: AdapterMetric): IWidget =>
  new GraphWidget({
    title: 'Secret: fetches (cache misses) and stale serves',
    width: HALF,
    height: HEIGHT,
    left: [adapterMetric(METRIC_NAMES.secretCacheMiss, Stats.SUM, 'fetches from Secrets Manager')],
    right: [adapterMetric(METRIC_NAMES.secretStale, Stats.SUM, 'stale secret served (Secrets Manager failing)')],
  });

/** How the adapter protects Which50, and what it could not settle: the breaker's refusals, unknown outcomes. */
const protectionWidget = (adapterMetric: AdapterMetric, handler: IFunction): IWidget =>
  new GraphWidget({
    title: 'Protecting Which50: breaker open, concurrency cap, unknown outcomes',
    width: WIDTH,
    height: HEIGHT,
    left: [
      adapterMetric(METRIC_NAMES.circuitBreakerOpen, Stats.SUM, 'answered 503, breaker open (Which50 not called)'),
      handler.metricThrottles({
        period: PERIOD,
        statistic: Stats.SUM,
        label: 'throttled at the concurrency cap (HTTP callers get 503)',
      }),
      adapterMetric(METRIC_NAMES.runOutcomeUnknown, Stats.SUM, 'duplicates of an unknown outcome, unreconciled'),
    ],
  });

const functionWidget = (handler: IFunction): IWidget =>
  new GraphWidget({
    title: 'Function',
    width: HALF,
    height: HEIGHT,
    left: [
      handler.metricInvocations({ period: PERIOD, statistic: Stats.SUM }),
      handler.metricErrors({ period: PERIOD, statistic: Stats.SUM }),
      handler.metricThrottles({ period: PERIOD, statistic: Stats.SUM }),
    ],
    right: [handler.metricDuration({ period: PERIOD, statistic: Stats.p(99) })],
  });

/**
 * The async runs: executions started, failing and queued at the concurrency cap (a throttled
 * start waits in Lambda's queue; it is lost only if it reaches the FailedStarts queue), and what
 * was given up.
 */
const asyncRunsWidgets = ({
  handler,
  failedStarts,
  givenUpCallbacks,
}: OperationsDashboardProps['asyncRuns']): IWidget[] => [
  new GraphWidget({
    title: 'Async runs (durable function)',
    width: HALF,
    height: HEIGHT,
    left: [
      handler.metricInvocations({ period: PERIOD, statistic: Stats.SUM }),
      handler.metricErrors({ period: PERIOD, statistic: Stats.SUM }),
      handler.metricThrottles({ period: PERIOD, statistic: Stats.SUM, label: 'queued at the concurrency cap' }),
    ],
    right: [handler.metricDuration({ period: PERIOD, statistic: Stats.p(99) })],
  }),
  new GraphWidget({
    title: 'Async runs given up',
    width: HALF,
    height: HEIGHT,
    left: [
      failedStarts.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: Stats.MAXIMUM,
        label: 'starts never run (6 h in the queue)',
      }),
      givenUpCallbacks.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: Stats.MAXIMUM,
        label: 'callbacks given up (24 h of retries)',
      }),
    ],
  }),
];

const apiWidget = (api: RestApi): IWidget =>
  new GraphWidget({
    title: 'API',
    width: HALF,
    height: HEIGHT,
    left: [
      api.metricCount({ period: PERIOD, statistic: Stats.SUM }),
      api.metricClientError({ period: PERIOD, statistic: Stats.SUM }),
      api.metricServerError({ period: PERIOD, statistic: Stats.SUM }),
    ],
    right: [api.metricLatency({ period: PERIOD, statistic: Stats.p(99) })],
  });

/**
 * Where the person on call looks: a dashboard of the alarms, the runs and their failures by cause,
 * Which50's health, the secret cache, the function and the API, with a table of recent failures
 * from the logs; and the saved Logs Insights query that answers "why did job N not run" from the
 * function's outcome lines.
 */
class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;
  readonly whyDidJobNotRun: CfnQueryDefinition;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const { stackName } = Stack.of(this);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${stackName}-operations`,
      defaultInterval: Duration.days(1),
      widgets: [
        [
          new TextWidget({
            width: WIDTH,
            height: 2,
            markdown: `Every invocation writes one outcome line to the function's log. For one job, run the saved Logs Insights query **${stackName}/why-did-import-job-N-not-run**.`,
          }),
        ],
        [new AlarmStatusWidget({ title: 'Alarms', width: WIDTH, height: 3, alarms: [...props.alarms] })],
        [runsWidget(props.metric), failuresWidget(props.metric)],
        [upstreamWidget(props.metric), secretWidget(props.metric)],
        [protectionWidget(props.metric, props.handler)],
        [functionWidget(props.handler), apiWidget(props.api)],
        asyncRunsWidgets(props.asyncRuns),
        [
          new LogQueryWidget({
            title: 'Recent failed invocations',
            width: WIDTH,
            height: HEIGHT,
            logGroupNames: [props.logGroup.logGroupName],
            queryLines: RECENT_FAILURES,
          }),
        ],
      ],
    });
    this.whyDidJobNotRun = new CfnQueryDefinition(this, 'WhyDidJobNotRun', {
      name: `${stackName}/why-did-import-job-N-not-run`,
      queryString: WHY_DID_JOB_NOT_RUN,
      logGroupNames: [props.logGroup.logGroupName],
    });
  }
}

export { OperationsDashboard, WHY_DID_JOB_NOT_RUN };
