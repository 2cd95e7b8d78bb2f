import type { ImportJob } from '../import-job';
import type { ImportJobRef, RunImportCommand } from '../payload/run-import-command';
import type { UpstreamAuth } from '../secrets/adapter-secret';
import type { SecretSource } from '../secrets/secret-source';
import { isProblem } from '../http/problem';
import { authHeaders } from './auth-headers';
import { decodeImportJobAnswer, readUpstreamMessage } from './decode-answer';
import { importJobUrl, runImportUrl } from './endpoints';
import { backoffDelayMs, isRetryableStatus, retryAfterMs } from './retry-policy';
import {
  problemForUpstreamStatus,
  upstreamBroken,
  upstreamTimedOut,
  upstreamUnavailable,
} from './upstream-problems';

/** Answers larger than this are refused without being buffered whole: no ImportJob is that big. */
const MAX_ANSWER_BYTES = 1024 * 1024;

interface Which50Client {
  /** Runs the import job once; never resends a request that may have started the run. */
  runImport(command: RunImportCommand, deadline: number): Promise<ImportJob>;
  /** Reads the job's status; reading is safe to repeat. */
  readImportJob(ref: ImportJobRef, deadline: number): Promise<ImportJob>;
}

interface Which50ClientOptions {
  readonly loadSecret: SecretSource;
  readonly attemptTimeoutMs: number;
}

/** An answer Which50 gave, read whole (under the size cap) before the attempt's timer ran out. */
interface UpstreamAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly retryAfter: string | null;
  readonly body: string;
}

/** Why an attempt produced no answer, in the terms that decide whether it may be sent again. */
type AttemptFailure = 'refused' | 'timed-out' | 'broken';

class AttemptFailed extends Error {
  constructor(readonly failure: AttemptFailure) {
    super(failure);
  }
}

const errorCode = (error: unknown): string | undefined => {
  const cause = (error as { cause?: { code?: string; errors?: { code?: string }[] } } | undefined)?.cause;
  return cause?.code ?? cause?.errors?.[0]?.code;
};

const classify = (error: unknown): AttemptFailure => {
  if (error instanceof AttemptFailed) return error.failure;
  if ((error as Error | undefined)?.name === 'TimeoutError') return 'timed-out';
  return errorCode(error) === 'ECONNREFUSED' ? 'refused' : 'broken';
};

const readCapped = async (response: Response): Promise<string> => {
  if (Number(response.headers.get('content-length') ?? 0) > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw upstreamBroken(`Which50's answer exceeds ${MAX_ANSWER_BYTES} bytes.`);
  }
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > MAX_ANSWER_BYTES) throw upstreamBroken(`Which50's answer exceeds ${MAX_ANSWER_BYTES} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Which50 client. One request goes out at a time; it is sent again only when the run cannot
 * have started (connection refused, 429, 503) and time remains before the deadline. A 401 reloads
 * the secret once, bypassing the cache, in case the credential was rotated.
 */
const createWhich50Client = ({ loadSecret, attemptTimeoutMs }: Which50ClientOptions): Which50Client => {
  const attempt = async (method: 'GET' | 'POST', url: string, auth: UpstreamAuth, deadline: number) => {
    const timeoutMs = Math.max(1, Math.min(attemptTimeoutMs, deadline - Date.now()));
    try {
      const response = await fetch(url, {
        method,
        headers: { accept: 'application/json', ...authHeaders(auth) },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = await readCapped(response);
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? undefined,
        retryAfter: response.headers.get('retry-after'),
        body,
      } satisfies UpstreamAnswer;
    } catch (error) {
      if (isProblem(error)) throw error;
      throw new AttemptFailed(classify(error));
    }
  };

  const call = async (method: 'GET' | 'POST', urlFor: (baseUrl: URL) => string, deadline: number) => {
    let refreshed = false;
    let fresh = false;
    for (let retry = 0; ; retry++) {
      const { which50 } = await loadSecret({ fresh });
      fresh = false;
      let answer: UpstreamAnswer;
      try {
        answer = await attempt(method, urlFor(which50.baseUrl), which50.auth, deadline);
      } catch (error) {
        if (!(error instanceof AttemptFailed)) throw error;
        if (error.failure === 'refused' && (await waitForRetry(backoffDelayMs(retry), deadline))) continue;
        throw failureProblem(error.failure);
      }
      if (answer.status === 401 && !refreshed) {
        refreshed = fresh = true;
        continue;
      }
      if (isRetryableStatus(answer.status)) {
        const asked = retryAfterMs(answer.retryAfter);
        if (await waitForRetry(asked ?? backoffDelayMs(retry), deadline)) continue;
        throw upstreamUnavailable(
          `Which50 answered ${answer.status} until the deadline; the import was not started.`,
          Math.max(1, Math.ceil((asked ?? 1_000) / 1_000)),
        );
      }
      if (answer.status < 200 || answer.status > 299) {
        throw problemForUpstreamStatus(answer.status, readUpstreamMessage(answer.contentType, answer.body));
      }
      return decodeImportJobAnswer(answer.contentType, answer.body);
    }
  };

  const readImportJob = async (ref: ImportJobRef, deadline: number) => {
    try {
      return await call('GET', (baseUrl) => importJobUrl(baseUrl, ref), deadline);
    } catch (error) {
      if (error instanceof UnknownFate) throw upstreamTimedOut('Which50 did not answer before the deadline.');
      throw error;
    }
  };

  const runImport = async (command: RunImportCommand, deadline: number) => {
    try {
      return await call('POST', (baseUrl) => runImportUrl(baseUrl, command), deadline);
    } catch (error) {
      if (!(error instanceof UnknownFate)) throw error;
      const importJob = await readImportJob(command, deadline).catch(() => undefined);
      throw upstreamTimedOut(
        'Which50 did not answer the run before the deadline; it may still be running. Its status is in importJob when it could be read.',
        importJob,
      );
    }
  };

  return { runImport, readImportJob };
};

/** A request that went out and got no answer in time: it may have started the run. */
class UnknownFate extends Error {}

const failureProblem = (failure: AttemptFailure): Error => {
  switch (failure) {
    case 'refused':
      return upstreamUnavailable('Which50 refused connections until the deadline; the import was not started.', 5);
    case 'timed-out':
      return new UnknownFate('timed out');
    case 'broken':
      return upstreamBroken('The connection to Which50 failed after the request was sent; the run was not confirmed.');
  }
};

/** Waits before a retry when the wait ends before the deadline; false means give up now. */
const waitForRetry = async (delayMs: number, deadline: number): Promise<boolean> => {
  if (Date.now() + delayMs >= deadline) return false;
  await sleep(delayMs);
  return true;
};

export { createWhich50Client, type Which50Client };
