import type { Context } from 'aws-lambda';
import type { AdapterConfig } from './config';
import { misconfigured } from './http/problem';
import { memoryPersistence, type PersistenceLoader } from './idempotency/persistence-stores';
import { createRunGuard, type RunGuard } from './idempotency/run-guard';
import type { InvocationRecorder } from './observability/invocation-recorder';
import { maskingSecretSource } from './observability/secret-masks';
import type { RunRecordStore } from './runs/run-record';
import type { StartRun } from './runs/run-starter';
import type { SecretSource } from './secrets/secret-source';
import { createWhich50Client, type Which50Client } from './which50/client';

/** What the routes need from the outside world, built once at init by the composition root. */
interface Adapter {
  readonly config: AdapterConfig;
  readonly loadSecret: SecretSource;
  readonly which50: Which50Client;
  /** Wraps an upstream run so that one idempotency key runs it at most once. */
  readonly guardRun: RunGuard;
  /** Where async runs are recorded; made on the first async run. */
  readonly runRecords: () => Promise<RunRecordStore>;
  /** What starts an accepted run's durable execution; made on the first async run. */
  readonly startRun: () => Promise<StartRun>;
}

/** The async run's parts, each made (and its code loaded) on first use, never on a sync run. */
interface AsyncRunParts {
  readonly runRecords: () => Promise<RunRecordStore>;
  readonly startRun: () => Promise<StartRun>;
}

/**
 * One invocation as a run sees it: the deadline for upstream calls, the Lambda context, and the
 * recorder its outcome line is written from.
 */
interface Invocation {
  readonly deadline: number;
  readonly context: Context;
  readonly recorder: InvocationRecorder;
}

/** Time kept back from the Lambda's own timeout, to answer before the platform cuts the invocation. */
const ANSWER_MARGIN_MS = 1_000;

/**
 * The instant by which every upstream call of this invocation must be over: the configured deadline
 * (below API Gateway's 29 s), or sooner when the Lambda itself has less time left.
 */
const deadlineFor = (config: AdapterConfig, context: Pick<Context, 'getRemainingTimeInMillis'>): number => {
  const remaining = context.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
  return Date.now() + Math.max(1, Math.min(config.upstreamDeadlineMs, remaining - ANSWER_MARGIN_MS));
};

/** Makes a part the first time it is asked for and hands out that same one after. */
const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
};

/**
 * The deployed async parts: run records in the DynamoDB table `RUNS_TABLE_NAME` (in memory without
 * one), runs started on the durable function's alias `RUNS_FUNCTION_ARN`. Without the ARN an async
 * request answers the 500 naming it; sync runs never need it.
 */
const asyncRunPartsOf = (config: AdapterConfig): AsyncRunParts => ({
  runRecords: once(async () =>
    config.runsTableName === undefined
      ? (await import('./runs/memory-run-records')).memoryRunRecords()
      : (await import('./runs/dynamodb-run-records')).dynamoDbRunRecords(config.runsTableName),
  ),
  startRun: once(async () => {
    if (config.runsFunctionArn === undefined) {
      throw misconfigured('Environment variable RUNS_FUNCTION_ARN is not set; async runs need it.');
    }
    return (await import('./runs/lambda-run-starter')).lambdaRunStarter(config.runsFunctionArn);
  }),
});

/**
 * Wires the adapter from its settings, its secret source and the store its idempotency records
 * live in (in memory unless the entry says otherwise) and its async parts (the deployed ones
 * unless the entry gives its own, as the local server does); the deployed and local entries share it.
 * Every secret the source hands out has its values remembered, so that no log line prints them.
 */
const buildAdapter = (
  config: AdapterConfig,
  secretSource: SecretSource,
  idempotencyStore: PersistenceLoader = memoryPersistence(),
  asyncRuns: AsyncRunParts = asyncRunPartsOf(config),
): Adapter => {
  const loadSecret = maskingSecretSource(secretSource);
  return {
    config,
    loadSecret,
    which50: createWhich50Client({
      loadSecret,
      attemptTimeoutMs: config.upstreamTimeoutMs,
      circuitBreaker: config.circuitBreaker,
    }),
    guardRun: createRunGuard(idempotencyStore, config.idempotencyTtlSeconds),
    runRecords: asyncRuns.runRecords,
    startRun: asyncRuns.startRun,
  };
};

export { type Adapter, type AsyncRunParts, buildAdapter, deadlineFor, type Invocation, once };
