import { setTimeout as sleep } from 'node:timers/promises';
import type { ImportJob } from '../import-job';
import type { ImportJobRef, RunImportCommand } from '../payload/run-import-command';
import type { AdapterSecret } from '../secrets/adapter-secret';
import type { SecretSource } from '../secrets/secret-source';
import { AttemptFailed, type AttemptFailure, sendAttempt, type UpstreamAnswer } from './attempt';
import { authHeaders } from './auth-headers';
import { type CircuitBreakerOptions, type CircuitState, createCircuitBreaker } from './circuit-breaker';
import { createConnectionPool } from './connection-pool';
import { decodeImportJobAnswer } from './decode-answer';
import { importJobUrl, runImportUrl } from './endpoints';
import type { AttemptOutcome, CallState } from './retry-policy';

/**
 * What one attempt came to, for whoever watches the call: an answer's status (and `Retry-After`),
 * or why none came, and how long it took in milliseconds. Never a header, a URL or a body.
 */
type AttemptReport = AttemptOutcome & {
  readonly method: 'GET' | 'POST';
  /** The answer's status, when one came. */
  readonly status?: number;
  /** Why no answer came, when none did. */
  readonly failure?: AttemptFailure;
  readonly ms: number;
};

/** Told of every attempt of a call (logs, metrics and traces use it); it cannot change the call. */
interface UpstreamObserver {
  attempted(report: AttemptReport): void;
  /** The circuit breaker's state when the call was decided (`open`: refused without a request). */
  sawCircuit?(state: CircuitState): void;
}

/**
 * Both calls throw a `Problem` when they fail (503 `Upstream unavailable`, without a request,
 * while the circuit breaker is open); one after which the run certainly did not happen is a
 * `RunNotStarted` (`isCertainNonRun` in `upstream-problems.ts` tells).
 */
interface Which50Client {
  /** Runs the import job; never sends the run again when it may have started. */
  runImport(command: RunImportCommand, deadline: number, observer?: UpstreamObserver): Promise<ImportJob>;
  /** Reads the job's status; reading is safe to repeat. */
  readImportJob(ref: ImportJobRef, deadline: number, observer?: UpstreamObserver): Promise<ImportJob>;
}

interface Which50ClientOptions {
  readonly loadSecret: SecretSource;
  /** The most one attempt (connect, send, read the whole answer) may take. */
  readonly attemptTimeoutMs: number;
  /** When the breaker opens, and for how long. */
  readonly circuitBreaker: CircuitBreakerOptions;
}

/** One call to Which50: its method, and its address under the secret's base URL. */
interface UpstreamCall {
  readonly method: 'GET' | 'POST';
  readonly urlFor: (baseUrl: URL) => string;
}

/** A run holds back this much of the deadline (at most) to read the job's status should it time out. */
const STATUS_READ_RESERVE_MS = 1_000;

const USER_AGENT = 'which50-import-webhook';

/** The headers of each method, made once per secret: the secret stays the same object while it is cached. */
const headersBySecret = new WeakMap<AdapterSecret, Readonly<Record<UpstreamCall['method'], Record<string, string>>>>();

const requestHeaders = (method: UpstreamCall['method'], secret: AdapterSecret): Record<string, string> => {
  let headers = headersBySecret.get(secret);
  if (headers === undefined) {
    const common = { accept: 'application/json', 'user-agent': USER_AGENT, ...authHeaders(secret.which50.auth) };
    headers = { GET: common, POST: { ...common, 'content-length': '0' } };
    headersBySecret.set(secret, headers);
  }
  return headers[method];
};

/**
 * The time one attempt may take: the configured limit, within the deadline. A run's attempt also
 * leaves room to read the job's status afterwards, since a run that times out is never resent.
 */
const attemptTimeoutMs = (method: UpstreamCall['method'], limitMs: number, deadline: number, now: number): number => {
  const remaining = deadline - now;
  const budget =
    method === 'POST' ? Math.max(remaining - Math.min(STATUS_READ_RESERVE_MS, limitMs), remaining / 2) : remaining;
  return Math.max(1, Math.floor(Math.min(limitMs, budget)));
};

const outcomeOf = (result: UpstreamAnswer | AttemptFailed): AttemptOutcome =>
  result instanceof AttemptFailed
    ? { kind: 'failure', failure: result.failure }
    : { kind: 'answer', status: result.status, retryAfter: result.retryAfter };

/**
 * The problems a failed call is answered with. A call that succeeds needs none of them, so they
 * are loaded on the first failure, keeping them out of the code every cold start loads.
 */
const upstreamProblems = () => import('./upstream-problems');

/**
 * Whether and when to send again: asked only after an attempt that did not succeed (a 2xx is
 * final whatever the policy), so it too is loaded on the first such attempt.
 */
const retryPolicy = () => import('./retry-policy');

/** A 2xx answer as an ImportJob; any other status as the caller's problem. */
const importJobOf = async (answer: UpstreamAnswer): Promise<ImportJob> => {
  if (answer.status < 200 || answer.status > 299) throw (await upstreamProblems()).problemForUpstreamAnswer(answer);
  return decodeImportJobAnswer(answer.contentType, answer.body);
};

/**
 * The Which50 client, made once at init: its connections are kept alive across warm invocations,
 * and its circuit breaker counts the calls of every invocation the execution environment serves.
 * Each call sends one request at a time, at most three in all, and decides after each attempt
 * that did not succeed, by the retry policy's `nextStep`, whether to send again; a run that may
 * have started is never sent again. While the breaker is open, calls are refused without a request.
 */
const createWhich50Client = ({
  loadSecret,
  attemptTimeoutMs: limitMs,
  circuitBreaker,
}: Which50ClientOptions): Which50Client => {
  const pool = createConnectionPool();
  const breaker = createCircuitBreaker(circuitBreaker);

  /**
   * A call as the breaker sees it: refused at once while the circuit is open, else made and its
   * end reported; the check for what counts as unavailable is needed only when a call failed.
   */
  const guarded = async <T>(observer: UpstreamObserver | undefined, call: () => Promise<T>): Promise<T> => {
    const admitted = breaker.admit();
    observer?.sawCircuit?.(admitted);
    if (admitted === 'open') throw (await upstreamProblems()).circuitOpen(breaker.secondsLeft());
    try {
      const result = await call();
      breaker.settle(admitted, false);
      return result;
    } catch (error) {
      breaker.settle(admitted, (await upstreamProblems()).meansUnavailable(error));
      throw error;
    }
  };

  const attempt = (
    call: UpstreamCall,
    secret: AdapterSecret,
    deadline: number,
  ): Promise<UpstreamAnswer | AttemptFailed> => {
    const now = Date.now();
    const { baseUrl } = secret.which50;
    pool.dropExpired(now);
    return sendAttempt(pool, {
      method: call.method,
      origin: baseUrl,
      path: call.urlFor(baseUrl).slice(baseUrl.origin.length),
      headers: requestHeaders(call.method, secret),
      timeoutMs: attemptTimeoutMs(call.method, limitMs, deadline, now),
    }).catch((error: unknown) => {
      if (error instanceof AttemptFailed) return error;
      throw error;
    });
  };

  /**
   * Sends until an outcome is final; throws the last {@link AttemptFailed} when none gave an answer.
   * A 2xx answer is final at once; any other outcome is put to the retry policy.
   */
  const send = async (call: UpstreamCall, deadline: number, observer?: UpstreamObserver): Promise<UpstreamAnswer> => {
    let secret = await loadSecret();
    let state: CallState = { safe: call.method === 'GET', retries: 0, refreshedCredential: false, resentStale: false };
    for (;;) {
      const started = performance.now();
      const result = await attempt(call, secret, deadline);
      const outcome = outcomeOf(result);
      observer?.attempted({ ...outcome, method: call.method, ms: performance.now() - started });
      if (!(result instanceof AttemptFailed) && result.status < 300) return result;
      const step = (await retryPolicy()).nextStep(outcome, state, deadline);
      switch (step.kind) {
        case 'finish':
          if (result instanceof AttemptFailed) throw result;
          return result;
        case 'refresh-credential':
          secret = await loadSecret({ fresh: true });
          state = { ...state, refreshedCredential: true };
          break;
        case 'resend':
          pool.dropIdle();
          state = { ...state, resentStale: true };
          break;
        case 'wait':
          await sleep(step.delayMs);
          state = { ...state, retries: state.retries + 1 };
          break;
        case 'unavailable':
          throw (await upstreamProblems()).upstreamStillUnavailable(
            outcome.kind === 'answer' ? outcome.status : undefined,
            step.retryAfterSeconds,
          );
      }
    }
  };

  const readStatus = async (ref: ImportJobRef, deadline: number, observer?: UpstreamObserver): Promise<ImportJob> => {
    const call: UpstreamCall = { method: 'GET', urlFor: (baseUrl) => importJobUrl(baseUrl, ref) };
    try {
      return await importJobOf(await send(call, deadline, observer));
    } catch (error) {
      if (!(error instanceof AttemptFailed)) throw error;
      throw (await upstreamProblems()).problemForFailure(error.failure, error.code);
    }
  };

  /**
   * After a run timed out: the job's status if it can be read in the time left, else undefined.
   * The read belongs to the run's call, so the breaker, which is about to hear of the timeout,
   * does not decide it apart.
   */
  const statusAfterTimeout = async (ref: ImportJobRef, deadline: number): Promise<ImportJob | undefined> =>
    Date.now() < deadline ? readStatus(ref, deadline).catch(() => undefined) : undefined;

  const run = async (command: RunImportCommand, deadline: number, observer?: UpstreamObserver): Promise<ImportJob> => {
    const call: UpstreamCall = { method: 'POST', urlFor: (baseUrl) => runImportUrl(baseUrl, command) };
    let answer: UpstreamAnswer;
    try {
      answer = await send(call, deadline, observer);
    } catch (error) {
      if (!(error instanceof AttemptFailed)) throw error;
      const { problemForFailure, runTimedOut } = await upstreamProblems();
      if (error.failure !== 'timed-out') throw problemForFailure(error.failure, error.code);
      throw runTimedOut(await statusAfterTimeout(command, deadline));
    }
    return importJobOf(answer);
  };

  return {
    runImport: (command, deadline, observer) => guarded(observer, () => run(command, deadline, observer)),
    readImportJob: (ref, deadline, observer) => guarded(observer, () => readStatus(ref, deadline, observer)),
  };
};

export {
  type AttemptReport,
  createWhich50Client,
  type UpstreamObserver,
  type Which50Client,
  type Which50ClientOptions,
};
