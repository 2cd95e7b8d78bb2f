import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { logger } from '../observability';
import { problemBody } from './answers';
import { requestIdOf } from './http-request';
import { isProblem, Problem } from './problem';

/** What `@middy/http-error-handler` renders: a status, a body it exposes, and headers. */
interface RenderableError {
  readonly statusCode: number;
  readonly expose: true;
  readonly message: string;
  readonly headers: Record<string, string>;
}

const internalError = (): Problem =>
  new Problem(500, 'Internal error', 'The adapter failed unexpectedly; the import may not have run.');

const toRenderable = (error: unknown, requestId: string): RenderableError => {
  const problem = isProblem(error) ? error : internalError();
  if (problem.status >= 500) {
    logger.error(problem.title, {
      requestId,
      status: problem.status,
      detail: problem.detail,
      cause: isProblem(error) ? undefined : `${(error as Error)?.name}: ${(error as Error)?.message}`,
    });
  }
  return {
    statusCode: problem.status,
    expose: true,
    message: JSON.stringify(problemBody(problem, requestId)),
    headers: { ...problem.headers, 'Content-Type': 'application/problem+json', 'x-request-id': requestId },
  };
};

/**
 * Gives every answer its `x-request-id`, and turns any error into an RFC 9457 problem that
 * `@middy/http-error-handler` then renders. An error that is not a {@link Problem} is a bug: the
 * caller sees a plain 500 and the log gets its name and message, never its stack.
 */
const problemAnswers = (): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  after: (request) => {
    if (request.response) {
      request.response.headers = { ...request.response.headers, 'x-request-id': requestIdOf(request.event) };
    }
  },
  onError: (request) => {
    request.error = toRenderable(request.error, requestIdOf(request.event)) as unknown as Error;
  },
});

export { problemAnswers };
