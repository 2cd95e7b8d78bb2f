import { getXRayTraceIdFromEnv, isDevMode } from '@aws-lambda-powertools/commons/utils/env';
import type { FailureVerdict } from './failure-class';
import { type InvocationEnd, type InvocationRecord, type OutcomeLine, outcomeLine } from './invocation-outcome';
import type { InvocationRecorder } from './invocation-recorder';
import { debugSampleRate, isLogged } from './logger';
import { outcomeDocument } from './outcome-document';
import { metricsFor, type SecretTally } from './run-metrics';
import { maskSecretValues } from './secret-masks';
import { METRICS_NAMESPACE, SERVICE_NAME } from './service-identity';

/** How a failed invocation is judged; only failures need it, and it is loaded on the first one. */
type JudgeFailure = (record: InvocationRecord, end: InvocationEnd) => FailureVerdict;

/** Metrics are switched off as Powertools Metrics are, by `POWERTOOLS_METRICS_DISABLED=true` (the local server on a terminal sets it). */
const metricsSetting =
  process.env.POWERTOOLS_METRICS_DISABLED === 'true'
    ? undefined
    : { namespace: process.env.POWERTOOLS_METRICS_NAMESPACE?.trim() || METRICS_NAMESPACE, service: SERVICE_NAME };

/** Pretty-printed, as the logger prints, when `POWERTOOLS_DEV=true` (the local server sets it). */
const indentation = isDevMode() ? 4 : undefined;

let secretFetches = 0;
let staleSecrets = 0;

/** Counts one real Secrets Manager fetch; it is published with the next invocation's metrics. */
const countSecretFetch = (): void => {
  secretFetches += 1;
};

/** Counts one stale secret served while Secrets Manager failed; published like the fetches. */
const countStaleSecret = (): void => {
  staleSecrets += 1;
};

/** What befell the secret since the last call, which publishes it. */
const takeSecretTally = (): SecretTally => {
  const taken = { fetches: secretFetches, stale: staleSecrets };
  secretFetches = staleSecrets = 0;
  return taken;
};

/**
 * Ends an invocation: prints its one outcome line, which carries its metrics (see
 * `outcomeDocument`). It happens in one synchronous step, so two invocations running at once in
 * the local server never mix their metrics; health and OpenAPI lines carry none.
 */
const writeOutcome = (recorder: InvocationRecorder, status: number, judge?: JudgeFailure): OutcomeLine => {
  const end = { status, elapsedMs: performance.now() - recorder.startedAt };
  const failure = judge?.(recorder, end);
  const line = outcomeLine(recorder, end, maskSecretValues, failure);
  const document = outcomeDocument(line, metricsFor(line.fields, recorder.attempts, takeSecretTally(), failure), {
    timestamp: new Date(),
    service: SERVICE_NAME,
    printLine: isLogged(line.level),
    samplingRate: debugSampleRate,
    xrayTraceId: getXRayTraceIdFromEnv(),
    metrics: metricsSetting,
  });
  if (document !== undefined) process.stdout.write(`${JSON.stringify(document, undefined, indentation)}\n`);
  return line;
};

/** {@link writeOutcome} for an invocation that failed: the failure's judge is loaded first. */
const writeFailureOutcome = async (recorder: InvocationRecorder, status: number): Promise<OutcomeLine> => {
  const { judgeFailure } = await import('./failure-class');
  return writeOutcome(recorder, status, judgeFailure);
};

export { countSecretFetch, countStaleSecret, writeFailureOutcome, writeOutcome };
