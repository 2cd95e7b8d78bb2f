import type { FailureVerdict } from './failure-class';
import { type InvocationEnd, type InvocationRecord, type OutcomeLine, outcomeLine } from './invocation-outcome';
import type { InvocationRecorder } from './invocation-recorder';
import { logger, publishMetrics, takeSecretFetches } from './logger';
import { metricsFor } from './run-metrics';
import { maskSecretValues } from './secret-masks';

/** How a failed invocation is judged; only failures need it, and it is loaded on the first one. */
type JudgeFailure = (record: InvocationRecord, end: InvocationEnd) => FailureVerdict;

/**
 * Ends an invocation: writes its one outcome line and publishes its metrics. Both happen in one
 * synchronous step, so two invocations running at once in the local server never mix their
 * metrics; metrics are printed only when there are some (health and OpenAPI add none).
 */
const writeOutcome = (recorder: InvocationRecorder, status: number, judge?: JudgeFailure): OutcomeLine => {
  const end = { status, elapsedMs: performance.now() - recorder.startedAt };
  const failure = judge?.(recorder, end);
  const line = outcomeLine(recorder, end, maskSecretValues, failure);
  logger[line.level](line.message, line.fields as unknown as Record<string, unknown>);
  publishMetrics(metricsFor(line.fields, recorder.attempts, takeSecretFetches(), failure));
  return line;
};

/** {@link writeOutcome} for an invocation that failed: the failure's judge is loaded first. */
const writeFailureOutcome = async (recorder: InvocationRecorder, status: number): Promise<OutcomeLine> => {
  const { judgeFailure } = await import('./failure-class');
  return writeOutcome(recorder, status, judgeFailure);
};

export { writeFailureOutcome, writeOutcome };
