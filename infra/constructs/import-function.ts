import { Duration, Validations } from 'aws-cdk-lib';
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../lambda/observability/service-identity';
import { functionBasics } from './function-basics';
import type { IdempotencyTable } from './idempotency-table';

/** The overall upstream deadline; it ends before API Gateway gives up on the integration (29 s). */
const UPSTREAM_DEADLINE = Duration.seconds(25);
/** Just above the deadline, so the function always gets to answer 504 itself. */
const FUNCTION_TIMEOUT = Duration.seconds(28);

/**
 * Fixed settings of the deployed function; the secret and the table are added per stack. The
 * benchmark runs both bundles with them, as deployed. Debug lines (one per upstream attempt) are
 * off; `POWERTOOLS_LOG_LEVEL=DEBUG` prints them all, `POWERTOOLS_LOGGER_SAMPLE_RATE` a share of
 * invocations' (README, "Operating it"). `--enable-source-maps` is not set: it decodes every
 * loaded file's source map at start (tens of milliseconds of each cold start), and the function
 * never prints a stack trace; the maps ship beside the code for mapping a crash's trace by hand,
 * or for setting `NODE_OPTIONS=--enable-source-maps` on the function while chasing one.
 */
const STATIC_ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  POWERTOOLS_LOG_LEVEL: 'INFO',
  IDEMPOTENCY_TTL_SECONDS: String(Duration.hours(24).toSeconds()),
  SECRET_CACHE_SECONDS: '300',
  UPSTREAM_TIMEOUT_MS: '10000',
  UPSTREAM_DEADLINE_MS: String(UPSTREAM_DEADLINE.toMilliseconds()),
  WEBHOOK_TOLERANCE_SECONDS: '300',
} as const;

interface ImportFunctionProps {
  readonly secret: ISecret;
  readonly secretId: string;
  readonly idempotency: IdempotencyTable;
  /** Where asynchronous invocations (schedule runs) go once they have failed for good. */
  readonly failedRuns: IQueue;
  /** At most this many invocations at once; absent: the account's unreserved concurrency. */
  readonly reservedConcurrency?: number;
  /** Where the function publishes its metrics: its stage's own namespace. */
  readonly metricsNamespace: string;
  /** Active X-Ray tracing, with the upstream call as its own annotated segment. */
  readonly tracing?: boolean;
}

/**
 * The adapter's Lambda function: the bundled `lambda/handler.ts` on the newest Node.js LTS runtime,
 * arm64, with a role that can write its own log group, read its one secret and keep its
 * idempotency records (and, when traced, send its traces), and nothing else.
 */
class ImportFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ImportFunctionProps) {
    super(scope, id);
    const basics = functionBasics(
      this,
      'lambda/handler.ts',
      'Which50 import webhook function: its log group, its secret, its idempotency table.',
    );
    this.logGroup = basics.logGroup;
    this.function = new NodejsFunction(this, 'Function', {
      ...basics.props,
      timeout: FUNCTION_TIMEOUT,
      reservedConcurrentExecutions: props.reservedConcurrency,
      description: 'Runs Which50 import jobs for webhooks, integrations and schedules.',
      environment: {
        ...STATIC_ENVIRONMENT,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        SECRET_ID: props.secretId,
        IDEMPOTENCY_TABLE_NAME: props.idempotency.table.tableName,
        ...(props.tracing === true ? { POWERTOOLS_TRACE_ENABLED: 'true' } : {}),
      },
      ...(props.tracing === true ? { tracing: Tracing.ACTIVE } : {}),
      // Schedules invoke asynchronously: a failed run is retried by Lambda, then parked in the queue.
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new SqsDestination(props.failedRuns),
    });
    props.secret.grantRead(this.function);
    props.idempotency.grantRecordKeeping(this.function);
    if (props.tracing === true) {
      Validations.of(basics.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing lets the function send its traces: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so AWS documents Resource "*" for them. It is the only wildcard in the role.',
      });
    }
  }
}

export { ImportFunction, STATIC_ENVIRONMENT };
