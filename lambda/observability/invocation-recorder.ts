import type { ImportJobRef, RunImportCommand } from '../payload/run-import-command';
import type { CircuitState } from '../which50/circuit-breaker';
import type { AttemptReport, UpstreamObserver } from '../which50/client';
import type { IdempotencyState, InvocationRecord, ProblemSummary, RouteName } from './invocation-outcome';
import { isLogged, writeLogLine } from './logger';

/**
 * One invocation's account of itself, filled in as the request flows (route, command, delivery,
 * idempotency, each upstream attempt, the problem it ended with) and read once at the end to
 * write the outcome line. Each invocation has its own: the local server runs several at once in
 * one process, so nothing of this lives in module state. It is handed to the Which50 client as
 * its observer, and sees attempt reports only: no header, URL or body ever reaches it.
 */
class InvocationRecorder implements InvocationRecord, UpstreamObserver {
  declare route: RouteName | undefined;
  declare schedule: string | undefined;
  declare command: RunImportCommand | ImportJobRef | undefined;
  declare deliveryId: string | undefined;
  declare principal: string | undefined;
  declare idempotency: IdempotencyState | undefined;
  declare jobStatus: string | undefined;
  declare problem: ProblemSummary | undefined;
  declare errorName: string | undefined;
  declare circuit: CircuitState | undefined;
  declare readonly requestId: string;
  declare readonly awsRequestId: string | undefined;
  /** When the invocation started, by `performance.now()`. */
  declare readonly startedAt: number;
  readonly attempts: AttemptReport[] = [];

  constructor(requestId: string, awsRequestId: string | undefined, startedAt: number) {
    Object.assign(this, { requestId, awsRequestId, startedAt });
  }

  attempted(report: AttemptReport): void {
    this.attempts.push(report);
    if (isLogged('debug')) void writeLogLine('debug', 'Upstream attempt', { requestId: this.requestId, ...report });
  }

  sawCircuit(state: CircuitState): void {
    this.circuit = state;
  }

  /** The ImportJob the invocation answered with, or read after a run timed out. */
  sawImportJob(importJob: { readonly currentStatus?: unknown } | undefined): void {
    if (typeof importJob?.currentStatus === 'string') this.jobStatus = importJob.currentStatus;
  }
}

export { InvocationRecorder };
