import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_BYTES } from '../../../lambda/which50/attempt';
import {
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
