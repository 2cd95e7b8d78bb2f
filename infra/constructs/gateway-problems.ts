import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';

/** An answer API Gateway gives itself, and the `Retry-After` seconds it carries when retrying can help. */
interface GatewayProblem {
  readonly type: ResponseType;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly retryAfterSeconds?: number;
}

/**
 * Answers API Gateway gives itself, as problem+json like the function's own (RFC 9457). The one
 * that matters under load: a function at its reserved concurrency is never invoked, Lambda refuses
 * the invocation with 429, and with a proxy integration API Gateway answers its bare 500
 * `{"message": "Internal server error"}` under the INTEGRATION_FAILURE response type. That becomes
 * a 503 that says nothing was run and to retry later, with `Retry-After`. DEFAULT_5XX, which
 * answers any other 5xx API Gateway makes itself, says to retry later too, so a caller is told
 * the same whichever type a refusal is filed under (the access log's `errorResponseType` shows it).
 */
const GATEWAY_PROBLEMS: readonly GatewayProblem[] = [
  {
    type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
    status: 404,
    title: 'Not Found',
    detail: 'No route matches this method and path.',
  },
  {
    type: ResponseType.REQUEST_TOO_LARGE,
    status: 413,
    title: 'Content Too Large',
    detail: 'The request body is too large.',
  },
  {
    type: ResponseType.WAF_FILTERED,
    status: 403,
    title: 'Forbidden',
    detail: 'The web application firewall refused this request.',
  },
  {
    type: ResponseType.THROTTLED,
    status: 429,
    title: 'Too Many Requests',
    detail: 'The API is throttling requests; retry later.',
    retryAfterSeconds: 1,
  },
  {
    type: ResponseType.INTEGRATION_FAILURE,
    status: 503,
    title: 'Service Unavailable',
    detail:
      'The adapter is running as many imports at once as it allows, or could not be started; nothing was run. Retry later.',
    retryAfterSeconds: 10,
  },
  {
    type: ResponseType.INTEGRATION_TIMEOUT,
    status: 504,
    title: 'Gateway Timeout',
    detail: 'The function did not answer in time.',
  },
  {
    type: ResponseType.DEFAULT_5XX,
    status: 502,
    title: 'Bad Gateway',
    detail: 'The function failed to answer; retry later.',
    retryAfterSeconds: 10,
  },
];

const problemTemplate = ({ status, title, detail }: GatewayProblem): string =>
  `{"type":"about:blank","title":"${title}","status":${status},"detail":"${detail}","requestId":"$context.requestId"}`;

/** Header values are mapping expressions: quoted literals, or a context variable. */
const problemHeaders = ({ retryAfterSeconds }: GatewayProblem): Record<string, string> => ({
  'Content-Type': "'application/problem+json'",
  'x-request-id': 'context.requestId',
  ...(retryAfterSeconds === undefined ? {} : { 'Retry-After': `'${retryAfterSeconds}'` }),
});

/**
 * Makes API Gateway answer with these problems instead of its own `{"message": ...}` bodies, each
 * with the request id in the body and in `x-request-id`, as the function's own answers have.
 */
const addGatewayProblems = (api: RestApi): void => {
  for (const problem of GATEWAY_PROBLEMS) {
    api.addGatewayResponse(`Problem${problem.status}`, {
      type: problem.type,
      statusCode: String(problem.status),
      responseHeaders: problemHeaders(problem),
      templates: { 'application/json': problemTemplate(problem) },
    });
  }
};

export { addGatewayProblems };
