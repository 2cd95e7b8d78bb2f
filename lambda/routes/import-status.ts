import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Adapter } from '../adapter';
import { authenticate } from '../auth/authenticate';
import { jsonAnswer } from '../http/answers';
import type { HttpRequest } from '../http/http-request';
import { parseImportJobRef } from '../payload/parse-run-import';

/** `GET /contact-lists/{contactListId}/imports/{importJobId}`: the job's status, normalized like a run's answer. */
const importStatus = async (
  adapter: Adapter,
  request: HttpRequest,
  params: Readonly<Record<string, string>>,
  deadline: number,
): Promise<APIGatewayProxyResult> => {
  const secret = await adapter.loadSecret();
  authenticate(request, secret.inbound, { toleranceSeconds: adapter.config.webhookToleranceSeconds });
  const ref = parseImportJobRef(params);
  return jsonAnswer(200, await adapter.which50.readImportJob(ref, deadline));
};

export { importStatus };
