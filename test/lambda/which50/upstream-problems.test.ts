import { describe, expect, it } from 'vitest';
import { problemBody } from '../../../lambda/http/answers';
import { misconfigured, Problem } from '../../../lambda/http/problem';
import { MAX_ANSWER_BYTES } from '../../../lambda/which50/attempt';
import {
  circuitOpen,
  isCertainNonRun,
  meansUnavailable,
  problemForFailure,
  problemForUpstreamStatus,
  runTimedOut,
  upstreamBroken,
  upstreamStillUnavailable,
  upstreamTimedOut,
  upstreamUnavailable,
} from '../../../lambda/which50/upstream-problems';

describe('problemForUpstreamStatus', () => {
  it('answers an upstream 404 with 404', () => {
    // Act
    const problem = problemForUpstreamStatus(404, 'Contact list 9 was not found');

    // Assert
    expect(problem.status).toBe(404);
    expect(problem.title).toBe('Not found');
  });

  it.each([400, 409, 417, 422])('answers a refusal (%i) with 422 and the upstream’s message', (status) => {
    // Act
    const problem = problemForUpstreamStatus(status, 'Import job is already running');

    // Assert
    expect(problem.status).toBe(422);
    expect(problem.title).toBe('Import refused by Which50');
    expect(problem.detail).toBe('Import job is already running');
    expect(problem.extra).toEqual({ upstreamStatus: status });
  });

  it('cuts the upstream’s message to 500 characters', () => {
    // Arrange
    const message = `${'a'.repeat(500)}TAIL`;

    // Act
    const problem = problemForUpstreamStatus(409, message);

    // Assert
    expect(problem.detail).toBe('a'.repeat(500));
  });

  it('keeps a message of exactly 500 characters whole', () => {
    // Arrange
    const message = 'b'.repeat(500);

    // Act
    const problem = problemForUpstreamStatus(409, message);

    // Assert
    expect(problem.detail).toBe(message);
  });

  it('never cuts a character in half when cutting the message', () => {
    // Arrange: 499 letters then an emoji, which JavaScript stores as two UTF-16 units
    const message = `${'a'.repeat(499)}😀 and more`;

    // Act
    const problem = problemForUpstreamStatus(409, message);

    // Assert
    expect(problem.detail).not.toMatch(/\p{Cs}/u);
    expect(problem.detail.startsWith('a'.repeat(499))).toBe(true);
  });

  it('says which status the upstream gave when its refusal had no message', () => {
    // Act
    const problem = problemForUpstreamStatus(417, '');

    // Assert
    expect(problem.status).toBe(422);
    expect(problem.detail).toBe('Which50 answered 417.');
  });

  it('answers an upstream 401 with 502, pointing at the secret’s credential', () => {
    // Act
    const problem = problemForUpstreamStatus(401, 'Invalid token ZQX');

    // Assert
    expect(problem.status).toBe(502);
    expect(problem.detail).toContain('which50.auth');
    expect(problem.detail).not.toContain('ZQX');
  });

  it('answers an upstream 403 with 502', () => {
    // Act
    const problem = problemForUpstreamStatus(403, 'Forbidden');

    // Assert
    expect(problem.status).toBe(502);
    expect(problem.extra).toEqual({ upstreamStatus: 403 });
  });

  it.each([500, 502, 504, 418, 451, 429, 503])(
    'answers %i (when it reaches this point) with 502, without the upstream’s text',
    (status) => {
      // Act
      const problem = problemForUpstreamStatus(status, 'Stack trace: at Which50.Internal ZQX');

      // Assert
      expect(problem.status).toBe(502);
      expect(problem.title).toBe('Upstream failed');
      expect(problem.detail).toContain(String(status));
      expect(problem.detail).not.toContain('ZQX');
      expect(problem.extra).toEqual({ upstreamStatus: status });
    },
  );
});

describe('upstreamUnavailable', () => {
  it('answers 503 with Retry-After in seconds', () => {
    // Act
    const problem = upstreamUnavailable('Which50 kept answering 429.', 7);

    // Assert
    expect(problem.status).toBe(503);
    expect(problem.headers).toEqual({ 'Retry-After': '7' });
  });
});

describe('upstreamTimedOut', () => {
  it('answers 504 with the status read afterwards', () => {
    // Arrange
    const importJob = { id: 2, contactListId: 1, currentStatus: 'Running' };

    // Act
    const problem = upstreamTimedOut('The deadline passed.', importJob);

    // Assert
    expect(problem.status).toBe(504);
    expect(problem.extra).toEqual({ importJob });
  });

  it('answers 504 without importJob when the status could not be read', () => {
    // Act
    const problem = upstreamTimedOut('The deadline passed.');

    // Assert
    expect(problem.extra).toEqual({});
  });
});

describe('upstreamBroken', () => {
  it('answers 502 with the given detail', () => {
    // Act
    const problem = upstreamBroken('Which50’s answer is not JSON.');

    // Assert
    expect(problem.status).toBe(502);
    expect(problem.detail).toBe('Which50’s answer is not JSON.');
  });
});

describe('problemForFailure', () => {
  it.each(['unreachable', 'stale'] as const)('answers %s with 503 and Retry-After: nothing was run', (failure) => {
    // Act
    const problem = problemForFailure(failure, 'ECONNREFUSED');

    // Assert
    expect(problem.status).toBe(503);
    expect(problem.headers).toEqual({ 'Retry-After': '1' });
    expect(problem.detail).toContain('nothing was run');
  });

  it('answers an unusable address with 502, naming the error code and the secret field to check', () => {
    // Act
    const problem = problemForFailure('unusable', 'CERT_HAS_EXPIRED');

    // Assert
    expect(problem.status).toBe(502);
    expect(problem.detail).toContain('CERT_HAS_EXPIRED');
    expect(problem.detail).toContain('which50.baseUrl');
  });

  it('answers a timeout with 504', () => {
    // Act
    const problem = problemForFailure('timed-out', undefined);

    // Assert
    expect(problem.status).toBe(504);
  });

  it('answers a reset after sending with 502 that does not claim the run failed', () => {
    // Act
    const problem = problemForFailure('reset', 'ECONNRESET');

    // Assert
    expect(problem.status).toBe(502);
    expect(problem.detail).toContain('outcome is unknown');
  });

  it('answers an answer over the cap with 502 naming the cap', () => {
    // Act
    const problem = problemForFailure('too-large', undefined);

    // Assert
    expect(problem.status).toBe(502);
    expect(problem.detail).toContain(String(MAX_ANSWER_BYTES));
  });
});

describe('upstreamStillUnavailable', () => {
  it('names the status Which50 kept answering and passes its wait on', () => {
    // Act
    const problem = upstreamStillUnavailable(429, 30);

    // Assert
    expect(problem.status).toBe(503);
    expect(problem.detail).toContain('429');
    expect(problem.headers).toEqual({ 'Retry-After': '30' });
  });

  it('says Which50 could not be reached when it never answered', () => {
    // Act
    const problem = upstreamStillUnavailable(undefined, 1);

    // Assert
    expect(problem.detail).toContain('could not be reached');
  });
});

describe('runTimedOut', () => {
  it('answers 504 with the status read afterwards in importJob', () => {
    // Arrange
    const importJob = { id: 2, contactListId: 1, currentStatus: 'Running' };

    // Act
    const problem = runTimedOut(importJob);

    // Assert
    expect(problem.status).toBe(504);
    expect(problem.extra).toEqual({ importJob });
    expect(problem.detail).toContain('not sent again');
  });

  it('answers 504 without importJob, saying so, when the status could not be read', () => {
    // Act
    const problem = runTimedOut(undefined);

    // Assert
    expect(problem.extra).toEqual({});
    expect(problem.detail).toContain('could not be read');
  });
});

describe('circuitOpen', () => {
  it('answers 503 Upstream unavailable with the seconds left as Retry-After, saying nothing ran', () => {
    // Act
    const problem = circuitOpen(17);

    // Assert
    expect(problem.status).toBe(503);
    expect(problem.title).toBe('Upstream unavailable');
    expect(problem.headers).toEqual({ 'Retry-After': '17' });
    expect(problem.detail).toContain('17 more seconds');
    expect(problem.detail).toContain('nothing was run');
  });

  it('renders the contract’s upstream-unavailable type', () => {
    // Act
    const body = problemBody(circuitOpen(5), 'request-1');

    // Assert
    expect(body.type).toBe('urn:which50-import-webhook:problem:upstream-unavailable');
  });
});

describe('isCertainNonRun', () => {
  it.each([
    ['an open circuit', circuitOpen(5)],
    ['429 after the retries', upstreamStillUnavailable(429, 1)],
    ['503 after the retries', upstreamStillUnavailable(503, 1)],
    ['refused connections', problemForFailure('unreachable', 'ECONNREFUSED')],
    ['a 404', problemForUpstreamStatus(404, '')],
    ['a refusal', problemForUpstreamStatus(409, 'busy')],
    ['a 401 after the refresh', problemForUpstreamStatus(401, '')],
    ['a 403', problemForUpstreamStatus(403, '')],
  ])('marks %s as a certain non-run', (_name, problem) => {
    // Assert
    expect(isCertainNonRun(problem)).toBe(true);
    expect(problem).toBeInstanceOf(Problem);
  });

  it.each([
    ['a 500', problemForUpstreamStatus(500, '')],
    ['a 502', problemForUpstreamStatus(502, '')],
    ['a timeout after sending', runTimedOut(undefined)],
    ['a reset after sending', problemForFailure('reset', 'ECONNRESET')],
    ['a broken secret', misconfigured('field x')],
    ['an error that is no problem', new Error('bug')],
  ])('does not mark %s, whose run may have happened', (_name, error) => {
    // Assert
    expect(isCertainNonRun(error)).toBe(false);
  });

  it('leaves no trace of the mark in the body', () => {
    // Act
    const body = problemBody(circuitOpen(5), 'request-1');

    // Assert
    expect(Object.keys(body).sort()).toEqual(['detail', 'requestId', 'status', 'title', 'type']);
  });
});

describe('meansUnavailable', () => {
  it.each([
    ['503 Upstream unavailable', upstreamStillUnavailable(429, 1)],
    ['refused connections', problemForFailure('unreachable', 'ECONNREFUSED')],
    ['a run that timed out', runTimedOut(undefined)],
    ['a read that timed out', problemForFailure('timed-out', undefined)],
  ])('counts %s as unavailable', (_name, problem) => {
    // Assert
    expect(meansUnavailable(problem)).toBe(true);
  });

  it.each([
    ['a 404', problemForUpstreamStatus(404, '')],
    ['a 502', problemForUpstreamStatus(502, '')],
    ['a reset', problemForFailure('reset', 'ECONNRESET')],
  ])('counts %s as Which50 having answered', (_name, problem) => {
    // Assert
    expect(meansUnavailable(problem)).toBe(false);
  });

  it.each([
    ['a broken secret (500)', misconfigured('field x')],
    ['Secrets Manager down (503)', new Problem(503, 'Secret unavailable', 'retry', {}, { 'Retry-After': '1' })],
    ['a bug', new TypeError('x is undefined')],
  ])('counts %s as nothing learnt about Which50', (_name, error) => {
    // Assert
    expect(meansUnavailable(error)).toBeUndefined();
  });
});
