import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Adapter, Invocation } from '../adapter';
import { authenticate } from '../auth/authenticate';
import { jsonAnswer } from '../http/answers';
import type { HttpRequest } from '../http/http-request';
import { Problem } from '../http/problem';
import { isRunId } from '../runs/run-id';

/** One answer for an unknown id and for another principal's run, so that ids cannot be probed. */
const noSuchRun = (): Problem =>
  new Problem(404, 'Run not found', 'There is no async run with this id for this caller.');

/**
 * `GET /runs/{runId}`: an async run's progress, for the principal that started it. The record is
 * shown as stored (status, latest ImportJob, the callback's host and attempts, the problem), never
 * its callback URL, which may carry the receiver's token.
 */
const runStatus = async (
  adapter: Adapter,
  request: HttpRequest,
  params: Readonly<Record<string, string>>,
  { recorder }: Invocation,
): Promise<APIGatewayProxyResult> => {
  const secret = await adapter.loadSecret();
  const authentication = await authenticate(request, secret.inbound, {
    toleranceSeconds: adapter.config.webhookToleranceSeconds,
  });
  recorder.principal = authentication.principal.name;
  const runId = params.runId ?? '';
  if (!isRunId(runId)) throw noSuchRun();
  const record = await (await adapter.asyncRuns()).runRecords.read(runId);
  if (record === undefined || record.principal !== authentication.principal.name) throw noSuchRun();
  recorder.command = record.command;
  const { status, importJob, callback, problem } = record;
  return jsonAnswer(200, { runId, status, importJob, callback, problem });
};

export { runStatus };
