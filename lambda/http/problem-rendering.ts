import type { Request } from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { InvocationRecorder } from '../observability/invocation-recorder';
import { recordFailure } from '../observability/record-failure';
import { maskSecretValues } from '../observability/secret-masks';
import { isProblem, Problem } from './problem';
import type { HttpInvocation } from './problem-answers';
import { problemBody } from './problem-body';

/** What `@middy/http-error-handler` renders: a status, a body it exposes, and headers. */
interface RenderableError {
  readonly statusCode: number;
  readonly expose: true;
  readonly message: string;
  readonly headers: Record<string, string>;
}

const internalError = (): Problem =>
  new Problem(500, 'Internal error', 'The adapter failed unexpectedly; the import may not have run.');

/**
 * The problem to answer for any error: itself when it is a {@link Problem}, else the plain 500 of a
 * bug. Its stack is cut to its first line, since whoever prints the error (the Lambda runtime, for
 * a failed schedule run) must not print a stack trace.
 */
const answerableProblem = (error: unknown): Problem => {
  const problem = isProblem(error) ? error : internalError();
  problem.stack = `${problem.name}: ${problem.message}`;
  return problem;
};

/** Problem bodies may quote what a caller sent; a credential among it is masked, as in the logs. */
const maskStrings = (_key: string, value: unknown): unknown =>
  typeof value === 'string' ? maskSecretValues(value) : value;

/**
 * Records the error an HTTP invocation failed with and turns it into the RFC 9457 problem that
 * `@middy/http-error-handler` renders, with the invocation's `x-request-id`.
 */
const renderProblem = (error: unknown, recorder: InvocationRecorder): RenderableError => {
  recordFailure(recorder, error);
  const problem = answerableProblem(error);
  const { requestId } = recorder;
  return {
    statusCode: problem.status,
    expose: true,
    message: JSON.stringify(problemBody(problem, requestId), maskStrings),
    headers: { ...problem.headers, 'Content-Type': 'application/problem+json', 'x-request-id': requestId },
  };
};

const errorHandler = httpErrorHandler({ logger: false });

/**
 * Answers an HTTP invocation that failed: the error is recorded and rendered as its problem, and
 * `@middy/http-error-handler` turns that into the response. Only failures need any of this, so it
 * is loaded, with middy's error handler, on the first one.
 */
const answerWithProblem = async (request: Request<HttpInvocation, APIGatewayProxyResult>): Promise<void> => {
  request.error = renderProblem(request.error, request.event.recorder) as unknown as Error;
  await errorHandler.onError?.(request);
};

export { answerableProblem, answerWithProblem };
