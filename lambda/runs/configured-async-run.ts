import type { AdapterConfig } from '../config';
import type { SecretSource } from '../secrets/secret-source';
import { createWhich50Client } from '../which50/client';
import { type AsyncRunDeps, createAsyncRun } from './async-run';
import { secretDeliverer } from './secret-deliverer';

/**
 * The durable workflow as the settings make it: its own Which50 client (connections and circuit
 * breaker shared by the executions of one environment) and callbacks signed with the secret's
 * `outbound` part. The deployed entry and the local server differ only in where run records live
 * and where a callback given up goes, so those are all they pass.
 */
const configuredAsyncRun = (
  config: AdapterConfig,
  loadSecret: SecretSource,
  where: Pick<AsyncRunDeps, 'runRecords' | 'giveUp'>,
) =>
  createAsyncRun({
    which50: createWhich50Client({
      loadSecret,
      attemptTimeoutMs: config.upstreamTimeoutMs,
      circuitBreaker: config.circuitBreaker,
    }),
    deliverer: secretDeliverer(loadSecret, config.allowHttpCallback),
    followMaxHours: config.followMaxHours,
    upstreamDeadlineMs: config.upstreamDeadlineMs,
    ...where,
  });

export { configuredAsyncRun };
