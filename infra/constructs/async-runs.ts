import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { type IGrantable, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createDeadLetterQueue } from './dead-letter-queue';
import { functionBasics } from './function-basics';
import { STATIC_ENVIRONMENT } from './import-function';
import { RunsTable } from './runs-table';

/** How long a run follows its job (FOLLOW_MAX_HOURS) before it reports `import.timed-out`. */
const FOLLOW_MAX = Duration.hours(24);
/** How long a callback is retried after its first attempt. */
const CALLBACK_RETRIES = Duration.hours(24);
/**
 * The whole durable execution: following, then calling back, with an hour to spare for the run
 * itself and the retries of a Which50 that was briefly unavailable.
 */
const EXECUTION_TIMEOUT = Duration.hours(FOLLOW_MAX.toHours() + CALLBACK_RETRIES.toHours() + 1);
/**
 * One invocation replays the checkpoints and runs the next step: at most a POST within the 25 s
 * upstream deadline or a callback attempt within its 10 s timeout; waits end the invocation.
 */
const INVOCATION_TIMEOUT = Duration.minutes(2);
/** How long a queued start may wait for a free slot before it goes to the dead-letter queue. */
const MAX_EVENT_AGE = Duration.hours(6);

const FAILED_STARTS = 'async runs Lambda could not start within 6 hours';
const GIVEN_UP_CALLBACKS = 'callbacks given up after 24 hours of retries';

interface AsyncRunsProps {
  readonly secret: ISecret;
  readonly secretId: string;
  /** At most this many executions at once: the cap on async calls in flight to Which50. */
  readonly reservedConcurrency: number;
  readonly metricsNamespace: string;
}

/**
 * The async runs: a durable function of its own (`lambda/runs-handler.ts`, its own bundle) that
 * runs an import once, follows it and calls back; the alias it is started through (durable
 * functions refuse unqualified ARNs); the table of run records; and two dead-letter queues, for
 * starts that waited too long and for callbacks given up. Its role reads the one secret, keeps
 * run records, checkpoints its own executions and sends to the callbacks' queue, and nothing else.
 */
class AsyncRuns extends Construct {
  readonly function: NodejsFunction;
  readonly alias: Alias;
  readonly logGroup: LogGroup;
  readonly runs: RunsTable;
  readonly failedStarts: Queue;
  readonly givenUpCallbacks: Queue;
  /** What each queue holds, for the alarms' descriptions. */
  static readonly FAILED_STARTS = FAILED_STARTS;
  static readonly GIVEN_UP_CALLBACKS = GIVEN_UP_CALLBACKS;

  constructor(scope: Construct, id: string, props: AsyncRunsProps) {
    super(scope, id);
    this.runs = new RunsTable(this, 'Runs');
    this.failedStarts = createDeadLetterQueue(this, 'FailedStarts', FAILED_STARTS);
    this.givenUpCallbacks = createDeadLetterQueue(this, 'GivenUpCallbacks', GIVEN_UP_CALLBACKS);
    const basics = functionBasics(
      this,
      'lambda/runs-handler.ts',
      'Which50 async runs: its log group, its secret, the run records, its checkpoints, the callbacks queue.',
    );
    this.logGroup = basics.logGroup;
    this.function = new NodejsFunction(this, 'Function', {
      ...basics.props,
      timeout: INVOCATION_TIMEOUT,
      reservedConcurrentExecutions: props.reservedConcurrency,
      durableConfig: { executionTimeout: EXECUTION_TIMEOUT, retentionPeriod: Duration.days(14) },
      description: 'Runs a Which50 import job once, follows it to its end and calls back.',
      environment: {
        ...STATIC_ENVIRONMENT,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        SECRET_ID: props.secretId,
        RUNS_TABLE_NAME: this.runs.table.tableName,
        FOLLOW_MAX_HOURS: String(FOLLOW_MAX.toHours()),
        CALLBACK_DEAD_LETTER_QUEUE_URL: this.givenUpCallbacks.queueUrl,
      },
    });
    props.secret.grantRead(this.function);
    this.runs.grantRecordKeeping(this.function);
    this.givenUpCallbacks.grantSendMessages(this.function);
    // Checkpoints are authorized against the execution's ARN, a sub-resource of a version: the
    // function's own ARN with a qualifier. A separate policy, so that the function does not wait
    // on a policy that names it.
    const checkpoints = new Policy(this, 'Checkpoints', {
      roles: [basics.role],
      statements: [
        new PolicyStatement({
          actions: ['lambda:CheckpointDurableExecution', 'lambda:GetDurableExecutionState'],
          resources: [`${this.function.functionArn}:*`],
        }),
      ],
    });

    Validations.of(checkpoints).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason:
        "Lambda authorizes checkpoints against the durable execution's ARN (function:version/durable-execution/name/id), which only a qualifier pattern on the function's own ARN matches; this grants this one function's executions and nothing else.",
    });
    this.alias = new Alias(this, 'Live', { aliasName: 'live', version: this.function.currentVersion });
    // A start is an asynchronous invocation: Lambda queues it while every slot is busy. The
    // execution retries its own steps, so the queue's retries only cover a start that failed
    // before its first checkpoint; a start still queued after 6 hours goes to the queue above.
    this.alias.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: MAX_EVENT_AGE,
      onFailure: new SqsDestination(this.failedStarts),
    });
  }

  /** Lets `grantee` start runs through the alias only: never the unqualified function, never `$LATEST`. */
  grantStart(grantee: IGrantable): void {
    this.alias.grantInvoke(grantee);
  }
}

export { AsyncRuns, type AsyncRunsProps, EXECUTION_TIMEOUT };
