import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { type Adapter, deadlineFor } from './adapter';
import { assertBodyWithinLimit } from './http/body-limit';
import { toHttpRequest } from './http/http-request';
import { isProblem, Problem } from './http/problem';
import { problemAnswers } from './http/problem-answers';
import { createRouter, type Route } from './http/router';
import { health } from './routes/health';
import { importStatus } from './routes/import-status';
import { openApi } from './routes/openapi';
import { runImport } from './routes/run-import';
import { isScheduleInvocation, runScheduled } from './routes/scheduled-run';

/** The API's routes, in API Gateway's template notation (the stack declares the same ones). */
const ROUTES = [
  { name: 'runImport', method: 'POST', template: '/imports/run' },
  { name: 'runImport', method: 'POST', template: '/contact-lists/{contactListId}/imports/{importJobId}/run' },
  { name: 'importStatus', method: 'GET', template: '/contact-lists/{contactListId}/imports/{importJobId}' },
  { name: 'health', method: 'GET', template: '/health' },
  { name: 'openApi', method: 'GET', template: '/openapi.json' },
] as const satisfies readonly Route[];

type AdapterSetup = () => Adapter;

/** Runs the setup once, at init, keeping its failure to answer with instead of crashing the function. */
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

/**
 * Composes the Lambda handler: API Gateway events go through the middy chain (routing, problem
 * answers, `x-request-id`), schedule invocations run the import directly. The adapter is built
 * once; when that fails (a missing setting), `/health` and `/openapi.json` still answer and every
 * other route answers the 500 that names what is missing.
 */
const createHandler = (setup: AdapterSetup) => {
  const adapter = settle(setup);
  const route = createRouter(ROUTES);

  const http = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(httpErrorHandler({ logger: false }))
    .use(problemAnswers())
    .handler(async (event, context) => {
      const request = toHttpRequest(event);
      const { route: matched, params } = route(request.method, request.path, request.resource, request.pathParameters);
      assertBodyWithinLimit(request.rawBody);
      if (matched.name === 'health') return health();
      if (matched.name === 'openApi') return openApi();
      const ready = adapter();
      const deadline = deadlineFor(ready.config, context);
      return matched.name === 'runImport'
        ? runImport(ready, request, params, { deadline, context })
        : importStatus(ready, request, params, deadline);
    });

  return async (event: unknown, context: Context) => {
    if (isScheduleInvocation(event)) {
      const ready = adapter();
      return runScheduled(ready, event, { deadline: deadlineFor(ready.config, context), context });
    }
    return http(event as APIGatewayProxyEvent, context);
  };
};

export { createHandler, ROUTES };
