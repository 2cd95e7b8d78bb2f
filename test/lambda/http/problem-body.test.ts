import { describe, expect, it } from 'vitest';
import { invalidPayload, Problem } from '../../../lambda/http/problem';
import { problemBody } from '../../../lambda/http/problem-body';

const REQUEST_ID = 'req-123';

describe('problemBody', () => {
  it('has the five standard members, taken from the problem and the request', () => {
    // Arrange
    const problem = new Problem(404, 'Not found', 'No route for GET /nowhere.');

    // Act
    const body = problemBody(problem, REQUEST_ID);

    // Assert
    expect(body).toEqual({
      type: 'urn:which50-import-webhook:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: 'No route for GET /nowhere.',
      requestId: REQUEST_ID,
    });
  });

  it('puts the five standard members first, in order', () => {
    // Arrange
    const problem = new Problem(504, 'Upstream timed out', 'Too slow.', { importJob: { id: 1 } });

    // Act
    const body = problemBody(problem, REQUEST_ID);

    // Assert
    expect(Object.keys(body)).toEqual(['type', 'title', 'status', 'detail', 'requestId', 'importJob']);
  });

  it('derives the type from the title, one URN per kind of problem', () => {
    // Arrange
    const problem = new Problem(422, 'Import refused by Which50', 'Job is running.');

    // Act
    const body = problemBody(problem, REQUEST_ID);

    // Assert
    expect(body.type).toBe('urn:which50-import-webhook:problem:import-refused-by-which50');
  });

  it('adds the problem’s extra members, such as the field errors of a 400', () => {
    // Arrange
    const problem = invalidPayload([{ field: 'contactListId', message: 'is required' }]);

    // Act
    const body = problemBody(problem, REQUEST_ID);

    // Assert
    expect(body.status).toBe(400);
    expect(body.errors).toEqual([{ field: 'contactListId', message: 'is required' }]);
  });

  it('never lets an extra member overwrite a standard one', () => {
    // Arrange
    const problem = new Problem(502, 'Upstream failed', 'Which50 answered 500.', {
      type: 'about:blank',
      title: 'Fine',
      status: 200,
      detail: 'all good',
      requestId: 'forged',
      upstreamStatus: 500,
    });

    // Act
    const body = problemBody(problem, REQUEST_ID);

    // Assert
    expect(body).toEqual({
      type: 'urn:which50-import-webhook:problem:upstream-failed',
      title: 'Upstream failed',
      status: 502,
      detail: 'Which50 answered 500.',
      requestId: REQUEST_ID,
      upstreamStatus: 500,
    });
  });
});
