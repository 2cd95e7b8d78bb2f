import type { Context } from 'aws-lambda';
import type { AdapterConfig } from './config';
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
  /** The async run's parts, made (and their code loaded) on the first async request, never on a sync run. */
  readonly asyncRuns: () => Promise<AsyncRunParts>;
}

/** Where async runs are recorded, and what starts an accepted run's durable execution. */
interface AsyncRunParts {
  readonly runRecords: RunRecordStore;
  readonly startRun: StartRun;
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
  makeAsyncRuns: () => Promise<AsyncRunParts> = () =>
    import('./runs/deployed-async-runs').then(({ deployedAsyncRuns }) => deployedAsyncRuns(config)),
): Adapter => {
  const loadSecret = maskingSecretSource(secretSource);
  let asyncRuns: Promise<AsyncRunParts> | undefined;
  return {
    config,
    loadSecret,
    which50: createWhich50Client({
      loadSecret,
      attemptTimeoutMs: config.upstreamTimeoutMs,
      circuitBreaker: config.circuitBreaker,
    }),
    guardRun: createRunGuard(idempotencyStore, config.idempotencyTtlSeconds),
    asyncRuns: () => {
      asyncRuns ??= makeAsyncRuns();
      return asyncRuns;
    },
  };
};

export { type Adapter, type AsyncRunParts, buildAdapter, deadlineFor, type Invocation };
