import { type DurableContext, StepSemantics } from '@aws/durable-execution-sdk-js';
import { isProblem } from '../http/problem';
import type { ImportJob } from '../import-job';
import type { RunImportCommand } from '../payload/run-import-command';
import { nextCallbackRetry } from './callback-backoff';
import type { CallbackAttempt, CallbackDelivery, DeliverCallback } from './callback-delivery';
import { callbackEvent } from './callback-event';
import { type CallbackProgress, pendingCallback, type RunProblem, type RunRecordStore } from './run-record';
import { updateRunRecord } from './update-run-record';

/** The three ends a callback reports: `import.finished`, `import.failed`, `import.timed-out`. */
type CallbackEventType = Parameters<typeof callbackEvent>[0]['type'];

/** A callback given up after 24 h of failed attempts, as the dead-letter queue receives it. */
interface GivenUpCallback extends CallbackDelivery {
  readonly runId: string;
  readonly attempts: number;
  readonly lastStatus: number | null;
  /** ISO 8601 instant of the first attempt. */
  readonly firstAttemptAt: string;
}

interface CallBackDeps {
  readonly runRecords: RunRecordStore;
  /** The signed single-attempt sender, built on first use from the secret's `outbound` part. */
  readonly deliverer: () => Promise<DeliverCallback>;
  readonly giveUp: (callback: GivenUpCallback) => Promise<void>;
  readonly random: () => number;
}

interface CallBackRequest {
  readonly runId: string;
  readonly url: string;
  readonly type: CallbackEventType;
  readonly command: RunImportCommand;
  readonly importJob: ImportJob | null;
  readonly problem: RunProblem | null;
}

/** How the callback ended, with its progress as the run record holds it. */
type CallBackResult =
  | { readonly kind: 'delivered' | 'gone' | 'given-up'; readonly progress: CallbackProgress }
  | { readonly kind: 'forbidden'; readonly progress: CallbackProgress; readonly reason: string };

/** One attempt's step result: the attempt, when it ended, and the draw for the next wait's jitter. */
interface AttemptRecord {
  readonly attempt: CallbackAttempt;
  readonly at: number;
  readonly draw: number;
}

/** Checkpointed before the POST: an invocation that stopped mid-attempt does not resend it on replay, it waits. */
const AT_MOST_ONCE = { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: () => ({ shouldRetry: false }) };

/**
 * One attempt; the adapter's own failure to send (the secret has no `outbound` part, say) is a
 * failed attempt like any other, so fixing the secret within the 24 h lets the callback through.
 */
const attemptOnce = async (deps: CallBackDeps, delivery: CallbackDelivery): Promise<CallbackAttempt> => {
  try {
    return await (await deps.deliverer())(delivery);
  } catch (error) {
    return {
      outcome: 'retry',
      status: null,
      reason: isProblem(error) ? error.detail : 'The adapter could not send the callback.',
    };
  }
};

/** The receiver's status an attempt came to, for the run record; null without an answer. */
const statusOf = (attempt: CallbackAttempt): number | null => ('status' in attempt ? attempt.status : null);

/**
 * Delivers the run's end to its callback URL. The event (and so its `webhook-id` and body) is made
 * once, in a step, and every attempt sends those same bytes. Each attempt is a step run at most
 * once; between attempts the function waits durably (no compute), by the callback backoff, for up
 * to 24 h from the first attempt, then hands the callback to `giveUp` (the dead-letter queue). A
 * 2xx ends it, a 410 stops it for good, and an address the policy forbids is never retried. The
 * run record counts the attempts and keeps the last status.
 */
const callBack = async (
  context: DurableContext,
  deps: CallBackDeps,
  request: CallBackRequest,
): Promise<CallBackResult> => {
  const { runId, url } = request;
  const prepared = await context.step('prepare-callback', async () => ({
    ...callbackEvent({ ...request, at: new Date() }),
    firstAttemptAt: Date.now(),
  }));
  const delivery: CallbackDelivery = { url, webhookId: prepared.webhookId, body: prepared.body };
  let progress: CallbackProgress = pendingCallback(url);
  /** The earliest the next attempt can end: the last one's end plus the wait between them (see `lookTime` in follow-job). */
  let notBefore = prepared.firstAttemptAt;
  for (let failures = 1; ; failures += 1) {
    const earliest = notBefore;
    let record: AttemptRecord;
    try {
      record = await context.step(
        'deliver-callback',
        async () => {
          const attempt = await attemptOnce(deps, delivery);
          return { attempt, at: Math.max(Date.now(), earliest), draw: deps.random() };
        },
        AT_MOST_ONCE,
      );
    } catch {
      record = await context.step('callback-interrupted', async () => ({
        attempt: { outcome: 'retry', status: null, reason: 'The attempt was interrupted.' } as const,
        at: Math.max(Date.now(), earliest),
        draw: deps.random(),
      }));
    }
    const { attempt } = record;
    progress = { ...progress, attempts: progress.attempts + 1, lastStatus: statusOf(attempt) };
    const attempts = progress;
    await context.step('record-callback', () => updateRunRecord(deps.runRecords, runId, { callback: attempts }));
    if (attempt.outcome === 'forbidden') return { kind: 'forbidden', progress, reason: attempt.reason };
    if (attempt.outcome !== 'retry') return { kind: attempt.outcome, progress };
    const decision = nextCallbackRetry(
      { failures, firstAttemptAt: prepared.firstAttemptAt, now: record.at },
      record.draw,
    );
    if (decision.kind === 'give-up') {
      await context.step('give-up-callback', () =>
        deps.giveUp({
          ...delivery,
          runId,
          attempts: progress.attempts,
          lastStatus: progress.lastStatus,
          firstAttemptAt: new Date(prepared.firstAttemptAt).toISOString(),
        }),
      );
      return { kind: 'given-up', progress };
    }
    notBefore = record.at + decision.delaySeconds * 1_000;
    await context.wait('callback-backoff', { seconds: decision.delaySeconds });
  }
};

export { type CallBackDeps, type CallBackResult, type CallbackEventType, callBack, type GivenUpCallback };
