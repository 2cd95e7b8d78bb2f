import { createHash } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Adapter, Invocation } from '../adapter';
import type { Authentication } from '../auth/authenticate';
import { authorize } from '../auth/authorize';
import { jsonAnswer } from '../http/answers';
import type { HttpRequest } from '../http/http-request';
import { prefersRespondAsync } from '../http/prefer';
import { invalidPayload, isProblem, misconfigured, Problem } from '../http/problem';
import { requestIdempotencyKey } from '../idempotency/idempotency-key';
import { type AsyncRunRequest, parseAsyncRequest } from '../payload/parse-async-request';
import { type RunImportSources, sourcesOf } from '../payload/parse-run-import';
import type { RunImportCommand } from '../payload/run-import-command';
import type { AdapterSecret } from '../secrets/adapter-secret';
import type { AsyncRunInput } from './async-run-input';
import { callbackUrlRefusal } from './callback-url';
import { keyedRunId, randomRunId } from './run-id';
import { pendingCallback, type RunRecord } from './run-record';
import type { StartRun } from './run-starter';

/** What the run route has already settled about the request when it hands an async run over. */
interface AcceptedRequest {
  readonly request: HttpRequest;
  readonly secret: AdapterSecret;
  readonly authentication: Authentication;
  readonly sources: RunImportSources;
  readonly command: RunImportCommand;
}

/** How long a caller whose run could not be started should wait before sending it again. */
const START_RETRY_AFTER_SECONDS = 5;

const notStarted = (): Problem =>
  new Problem(
    503,
    'Run not started',
    'The async run could not be started just now; send the request again (with the same idempotency key, if it had one) to start it.',
    {},
    { 'Retry-After': String(START_RETRY_AFTER_SECONDS) },
  );

const keyReusedForAnotherRun = (): Problem =>
  new Problem(
    422,
    'Idempotency key reused',
    'This idempotency key was already used for an async run with other values (command, follow or callback URL); send a new key for a new run.',
  );

/**
 * Digest of everything the caller asked for, so that a duplicate is told apart from another
 * request that reuses its key. The callback URL is hashed, never stored in the clear here.
 */
const fingerprintOf = (command: RunImportCommand, { follow, callbackUrl }: AsyncRunRequest): string =>
  createHash('sha256')
    .update(JSON.stringify([command.contactListId, command.importJobId, command.customEvents, follow, callbackUrl]))
    .digest('base64url');

/**
 * A callback URL needs the secret's `outbound` part (to sign with, and its host list): without
 * it the adapter is misconfigured for callbacks (500 naming the field). With it, a URL the policy
 * refuses is the caller's mistake (400 on `callbackUrl`).
 */
const assertCallbackAllowed = (adapter: Adapter, secret: AdapterSecret, callbackUrl: string | null): void => {
  if (callbackUrl === null) return;
  if (secret.outbound === undefined) {
    throw misconfigured('The secret has no outbound.callbackSigningSecret, which runs with a callbackUrl need.');
  }
  const reason = callbackUrlRefusal(callbackUrl, {
    allowHttp: adapter.config.allowHttpCallback,
    allowedHosts: secret.outbound.callbackHosts,
  });
  if (reason !== undefined) throw invalidPayload([{ field: 'callbackUrl', message: reason }]);
};

/** Starts the run; a start that fails is a 503 to retry, unless the adapter itself is misconfigured (500). */
const startOrRefuse = async (startRun: StartRun, input: AsyncRunInput): Promise<void> => {
  try {
    await startRun(input);
  } catch (error) {
    throw isProblem(error) ? error : notStarted();
  }
};

/**
 * Accepts an async run: the async fields are read and the callback URL checked (400) before scope
 * and signature coverage (403), as for every other field; then the run is recorded and its durable
 * execution started. A duplicate of a keyed run (same principal, key and fingerprint) gets the
 * first answer again and starts nothing, unless its record says the first start failed: then it
 * starts it, which is safe since an execution's name is its run id. A start that fails leaves the
 * record unstarted and answers 503, so that the sender's retry starts it.
 */
const acceptRun = async (
  adapter: Adapter,
  accepted: AcceptedRequest,
  { recorder }: Invocation,
): Promise<APIGatewayProxyResult> => {
  recorder.command = accepted.command;
  const { request, secret, authentication, sources, command } = accepted;
  const asyncRequest = parseAsyncRequest(sourcesOf(sources));
  assertCallbackAllowed(adapter, secret, asyncRequest.callbackUrl);
  await authorize(authentication, sources, command);
  const key = requestIdempotencyKey(authentication, request.headers);
  const runId = key === undefined ? randomRunId() : keyedRunId(key);
  const now = new Date().toISOString();
  const record: RunRecord = {
    runId,
    principal: authentication.principal.name,
    command,
    fingerprint: fingerprintOf(command, asyncRequest),
    status: 'accepted',
    importJob: null,
    callback: asyncRequest.callbackUrl === null ? null : pendingCallback(asyncRequest.callbackUrl),
    problem: null,
    started: false,
    acceptedAt: now,
    updatedAt: now,
  };
  const { runRecords, startRun } = await adapter.asyncRuns();
  const outcome = await runRecords.create(record).catch(() => {
    throw notStarted();
  });
  const stored = outcome.created ? record : outcome.existing;
  if (stored.principal !== record.principal || stored.fingerprint !== record.fingerprint) {
    throw keyReusedForAnotherRun();
  }
  if (!stored.started) {
    await startOrRefuse(startRun, {
      runId,
      principal: stored.principal,
      command: stored.command,
      follow: asyncRequest.follow,
      callbackUrl: asyncRequest.callbackUrl,
      acceptedAt: stored.acceptedAt,
    });
    await runRecords.update(runId, { started: true }).catch(() => undefined);
  }
  const statusUrl = `/runs/${runId}`;
  return jsonAnswer(
    202,
    { runId, status: 'accepted', statusUrl },
    {
      Location: statusUrl,
      ...(prefersRespondAsync(request.headers.prefer) && { 'Preference-Applied': 'respond-async' }),
      ...(!outcome.created && { 'idempotent-replayed': 'true' }),
    },
  );
};

export { type AcceptedRequest, acceptRun };
