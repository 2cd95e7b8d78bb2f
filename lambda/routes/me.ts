import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Adapter, Invocation } from '../adapter';
import { authenticate } from '../auth/authenticate';
import { jsonAnswer } from '../http/answers';
import type { HttpRequest } from '../http/http-request';

/**
 * `GET /me`: who the credential is (its principal, scheme and scope), what a connection test (a
 * Zapier account, a monitoring probe) calls to learn that the URL and the key work together before
 * anything runs. It calls neither Which50 nor anything but the secret, and names no key.
 */
const me = async (adapter: Adapter, request: HttpRequest, { recorder }: Invocation): Promise<APIGatewayProxyResult> => {
  const secret = await adapter.loadSecret();
  const { principal } = await authenticate(request, secret.inbound, {
    toleranceSeconds: adapter.config.webhookToleranceSeconds,
  });
  recorder.principal = principal.name;
  return jsonAnswer(200, { principal: principal.name, scheme: principal.scheme, scope: principal.scope ?? null });
};

export { me };
