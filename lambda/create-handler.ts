import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { type Adapter, deadlineFor } from './adapter';
import { assertBodyWithinLimit } from './http/body-limit';
import { requestIdOf, toHttpRequest } from './http/http-request';
import { isProblem, Problem } from './http/problem';
import { type HttpInvocation, problemAnswers } from './http/problem-answers';
import { createRouter, type Route } from './http/router';
import { httpDeliveryId } from './observability/delivery-id';
import { InvocationRecorder } from './observability/invocation-recorder';
import { resampleDebugLogs } from './observability/logger';
import { health } from './routes/health';
import { importStatus } from './routes/import-status';
import { me } from './routes/me';
import { openApi } from './routes/openapi';
import { runImport } from './routes/run-import';

/** The API's routes, in API Gateway's template notation (the stack declares the same ones). */
const ROUTES = [
  { name: 'runImport', method: 'POST', template: '/imports/run' },
  { name: 'runImport', method: 'POST', template: '/contact-lists/{contactListId}/imports/{importJobId}/run' },
  { name: 'importStatus', method: 'GET', template: '/contact-lists/{contactListId}/imports/{importJobId}' },
  { name: 'runStatus', method: 'GET', template: '/runs/{runId}' },
  { name: 'me', method: 'GET', template: '/me' },
  { name: 'health', method: 'GET', template: '/health' },
  { name: 'openApi', method: 'GET', template: '/openapi.json' },
] as const satisfies readonly Route[];

type AdapterSetup = () => Adapter;

/**
 * middy's early timeout is off: every upstream call already ends by the invocation's deadline,
 * a second ahead of Lambda's (see `deadlineFor`), and the timer it would arm costs each request.
 */
const NO_EARLY_TIMEOUT = { timeoutEarlyInMillis: 0 } as const;

/**
 * Runs the setup once, at init, keeping its failure to answer with instead of crashing the
 * function; every request's outcome line then names what is wrong (never a value).
 */
const settle = (setup: AdapterSetup): (() => Adapter) => {
  try {
    const adapter = setup();
    return () => adapter;
  } catch (error) {
    const problem = isProblem(error)
      ? error
      : new Problem(500, 'Adapter misconfigured', 'The adapter could not be set up; see the function log.');
    return () => {
      throw problem;
    };
  }
};

/** True for a schedule's invocation (its input says `"source": "schedule"`); anything else is taken for an API Gateway event. */
const isScheduleInvocation = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && (event as { source?: unknown }).source === 'schedule';

/**
 * Composes the Lambda handler: API Gateway events go through the middy chain (routing, problem
 * answers through `@middy/http-error-handler`, the outcome line), schedule invocations to the
 * schedule route. Every invocation gets its
 * own recorder and ends with one outcome line. The adapter is built once; when that fails (a
 * missing setting), `/health` and `/openapi.json` still answer and every other route answers the
 * 500 that names what is missing.
 */
const createHandler = (setup: AdapterSetup) => {
  const adapter = settle(setup);
  const route = createRouter(ROUTES);

  const http = middy<HttpInvocation, APIGatewayProxyResult>(NO_EARLY_TIMEOUT)
    .use(problemAnswers())
    .handler(async ({ event, recorder }, context) => {
      const request = toHttpRequest(event);
      recorder.deliveryId = httpDeliveryId(request.headers);
      const { route: matched, params } = route(request.method, request.path, request.resource, request.pathParameters);
      recorder.route = matched.name;
      assertBodyWithinLimit(request.rawBody);
      if (matched.name === 'health') return health();
      if (matched.name === 'openApi') return openApi(request);
      const ready = adapter();
      const invocation = { deadline: deadlineFor(ready.config, context), context, recorder };
      if (matched.name === 'me') return me(ready, request, invocation);
      if (matched.name === 'runStatus') {
        const { runStatus } = await import('./routes/run-status');
        return runStatus(ready, request, params, invocation);
      }
      return matched.name === 'runImport'
        ? runImport(ready, request, params, invocation)
        : importStatus(ready, request, params, invocation);
    });

  return async (event: unknown, context: Context) => {
    const startedAt = performance.now();
    resampleDebugLogs();
    const { awsRequestId } = context;
    if (isScheduleInvocation(event)) {
      const { handleSchedule } = await import('./routes/scheduled-run');
      return handleSchedule(
        adapter,
        event,
        context,
        new InvocationRecorder(awsRequestId ?? 'unknown', awsRequestId, startedAt),
      );
    }
    const httpEvent = event as APIGatewayProxyEvent;
    return http(
      { event: httpEvent, recorder: new InvocationRecorder(requestIdOf(httpEvent), awsRequestId, startedAt) },
      context,
    );
  };
};

export { createHandler, ROUTES };
