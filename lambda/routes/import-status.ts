import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Adapter, Invocation } from '../adapter';
import { authenticate } from '../auth/authenticate';
import { authorize } from '../auth/authorize';
import { jsonAnswer } from '../http/answers';
import type { HttpRequest } from '../http/http-request';
import { parseImportJobRef } from '../payload/parse-run-import';

/**
 * `GET /contact-lists/{contactListId}/imports/{importJobId}`: the job's status, normalized like a
 * run's answer, for a caller whose scope covers the job.
 */
const importStatus = async (
  adapter: Adapter,
  request: HttpRequest,
  params: Readonly<Record<string, string>>,
  { deadline, recorder }: Invocation,
): Promise<APIGatewayProxyResult> => {
  const secret = await adapter.loadSecret();
  const authentication = await authenticate(request, secret.inbound, {
    toleranceSeconds: adapter.config.webhookToleranceSeconds,
  });
  recorder.principal = authentication.principal.name;
  const ref = parseImportJobRef(params);
  recorder.command = ref;
  await authorize(authentication, { path: params }, ref);
  const importJob = await adapter.which50.readImportJob(ref, deadline, recorder);
  recorder.sawImportJob(importJob);
  return jsonAnswer(200, importJob);
};

export { importStatus };
