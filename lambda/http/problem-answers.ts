import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { InvocationRecorder } from '../observability/invocation-recorder';
import { writeFailureOutcome, writeOutcome } from '../observability/write-outcome';

/** What the HTTP chain handles: the API Gateway event, with the recorder of its own invocation. */
interface HttpInvocation {
  readonly event: APIGatewayProxyEvent;
  readonly recorder: InvocationRecorder;
}

/** A HEAD is answered as its GET would be, status and headers alike, but without the body (RFC 9110). */
const dropBodyOfHead = (event: APIGatewayProxyEvent, response: APIGatewayProxyResult): void => {
  if (event.httpMethod?.toUpperCase() === 'HEAD') response.body = '';
};

/**
 * Ends every HTTP invocation: the answer gets its `x-request-id`, an error is answered with an
 * RFC 9457 problem rendered by `@middy/http-error-handler` (see `answerWithProblem`, loaded with
 * it on the first failure), and then, with the status final, the invocation's outcome line and
 * metrics are written. The error is told to the recorder first: a {@link Problem} by what its
 * caller is told, any other error (a bug) by its name only; the caller of a bug sees a plain 500.
 * A HEAD's answer loses its body last.
 */
const problemAnswers = (): MiddlewareObj<HttpInvocation, APIGatewayProxyResult> => ({
  after: ({ response, event: { event, recorder } }) => {
    if (!response) return;
    response.headers = { ...response.headers, 'x-request-id': recorder.requestId };
    dropBodyOfHead(event, response);
    writeOutcome(recorder, response.statusCode);
  },
  onError: async (request) => {
    const { answerWithProblem } = await import('./problem-rendering');
    await answerWithProblem(request);
    if (request.response) dropBodyOfHead(request.event.event, request.response);
    await writeFailureOutcome(request.event.recorder, request.response?.statusCode ?? 500);
  },
});

export { type HttpInvocation, problemAnswers };
