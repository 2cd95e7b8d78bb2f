import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { adapterMetrics, metricsNamespaceFor } from './constructs/adapter-metrics';
import { AdapterSecret } from './constructs/adapter-secret';
import { OperationalAlarms, type WatchedQueue } from './constructs/alarms';
import { AsyncRuns } from './constructs/async-runs';
import { OperationsDashboard } from './constructs/dashboard';
import { createDeadLetterQueue } from './constructs/dead-letter-queue';
import { IdempotencyTable } from './constructs/idempotency-table';
import { ImportFunction } from './constructs/import-function';
import { ImportSchedules } from './constructs/import-schedules';
import { WebhookApi } from './constructs/webhook-api';
import type { StackSettings } from './stack-settings';

const FAILED_RUNS = 'schedule runs that failed in the function';
const UNDELIVERED_SCHEDULES = 'schedule occurrences Scheduler could not deliver';

interface ImportWebhookStackProps extends StackProps {
  readonly settings: StackSettings;
}

/**
 * The whole adapter: secret, idempotency table, function, REST API, schedules, alarms, and the
 * dashboard and saved log query the person on call starts from. It
 * needs no lookups, so it synthesizes without an AWS account and deploys to any environment.
 */
class ImportWebhookStack extends Stack {
  constructor(scope: Construct, id: string, props: ImportWebhookStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const metricsNamespace = metricsNamespaceFor(settings.stage);
    const metric = adapterMetrics(metricsNamespace);

    const secret = new AdapterSecret(this, 'AdapterSecret', settings.secret);
    const idempotency = new IdempotencyTable(this, 'Idempotency');
    const failedRuns = createDeadLetterQueue(this, 'FailedRuns', FAILED_RUNS);
    const importFunction = new ImportFunction(this, 'ImportFunction', {
      secret: secret.secret,
      secretId: secret.secretId,
      idempotency,
      failedRuns,
      reservedConcurrency: settings.reservedConcurrency,
      metricsNamespace,
      tracing: settings.tracing,
    });
    const asyncRuns = new AsyncRuns(this, 'AsyncRuns', {
      secret: secret.secret,
      secretId: secret.secretId,
      reservedConcurrency: settings.asyncConcurrency,
      metricsNamespace,
    });
    importFunction.function.addEnvironment('RUNS_FUNCTION_ARN', asyncRuns.alias.functionArn);
    importFunction.function.addEnvironment('RUNS_TABLE_NAME', asyncRuns.runs.table.tableName);
    asyncRuns.grantStart(importFunction.function);
    asyncRuns.runs.grantRecordKeeping(importFunction.function);
    const webhookApi = new WebhookApi(this, 'WebhookApi', {
      handler: importFunction.function,
      waf: settings.waf,
      reservedConcurrency: settings.reservedConcurrency,
    });
    const schedules = new ImportSchedules(this, 'Schedules', {
      schedules: settings.schedules,
      handler: importFunction.function,
      undeliveredDescription: UNDELIVERED_SCHEDULES,
    });

    const deadLetterQueues: WatchedQueue[] = [
      { name: 'FailedRuns', queue: failedRuns, holds: FAILED_RUNS },
      { name: 'FailedAsyncStarts', queue: asyncRuns.failedStarts, holds: AsyncRuns.FAILED_STARTS },
      { name: 'GivenUpCallbacks', queue: asyncRuns.givenUpCallbacks, holds: AsyncRuns.GIVEN_UP_CALLBACKS },
    ];
    if (schedules.deadLetterQueue !== undefined) {
      deadLetterQueues.push({
        name: 'UndeliveredSchedules',
        queue: schedules.deadLetterQueue,
        holds: UNDELIVERED_SCHEDULES,
      });
    }
    const alarms = new OperationalAlarms(this, 'Alarms', {
      handler: importFunction.function,
      asyncRuns: asyncRuns.function,
      metric,
      api: webhookApi.api,
      deadLetterQueues,
      alarmEmail: settings.alarmEmail,
    });
    const operations = new OperationsDashboard(this, 'Operations', {
      handler: importFunction.function,
      asyncRuns: {
        handler: asyncRuns.function,
        failedStarts: asyncRuns.failedStarts,
        givenUpCallbacks: asyncRuns.givenUpCallbacks,
      },
      metric,
      logGroup: importFunction.logGroup,
      api: webhookApi.api,
      alarms: alarms.alarms,
    });

    const outputs: Record<string, readonly [value: string, description: string]> = {
      ApiUrl: [webhookApi.api.url, 'Base URL of the webhook API (stage included).'],
      SecretArn: [secret.secret.secretArn, 'The secret to fill with put-secret-value.'],
      FunctionLogGroupName: [
        importFunction.logGroup.logGroupName,
        "The function's log group (one outcome line per invocation), for aws logs tail.",
      ],
      AsyncRunsLogGroupName: [
        asyncRuns.logGroup.logGroupName,
        "The async runs' durable function log group, for aws logs tail.",
      ],
      AccessLogGroupName: [
        webhookApi.accessLogGroup.logGroupName,
        "The API's access log group (one JSON line per request), for aws logs tail.",
      ],
      DashboardUrl: [
        `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${operations.dashboard.dashboardName}`,
        'The operations dashboard: alarms, runs, failures by cause, Which50, recent failures.',
      ],
    };
    for (const [id, [value, description]] of Object.entries(outputs)) new CfnOutput(this, id, { value, description });
  }
}

export { ImportWebhookStack, type ImportWebhookStackProps };
