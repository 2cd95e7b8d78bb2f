import { describe, expect, it } from 'vitest';
import { assertBodyWithinLimit, BODY_LIMIT_BYTES, bodyText } from '../../../lambda/http/body-limit';
import { problemThrownBy } from '../../support/factories';

describe('assertBodyWithinLimit', () => {
  it('sets the limit at 64 KiB', () => {
    // Assert
    expect(BODY_LIMIT_BYTES).toBe(65_536);
  });

  it('lets a body of exactly 65536 bytes through', () => {
    // Arrange
    const body = Buffer.alloc(65_536, 0x61);

    // Act
    const act = () => assertBodyWithinLimit(body);

    // Assert
    expect(act).not.toThrow();
  });

  it('lets an empty body through', () => {
    // Act
    const act = () => assertBodyWithinLimit(Buffer.alloc(0));

    // Assert
    expect(act).not.toThrow();
  });

  it('refuses a body of 65537 bytes with 413', () => {
    // Arrange
    const body = Buffer.alloc(65_537, 0x61);

    // Act
    const problem = problemThrownBy(() => assertBodyWithinLimit(body));

    // Assert
    expect(problem.status).toBe(413);
    expect(problem.detail).toContain('65537');
    expect(problem.detail).toContain('65536');
  });

  it('counts bytes, not characters', () => {
    // Arrange: 21846 three-byte characters are 65538 bytes
    const body = Buffer.from('€'.repeat(21_846), 'utf8');

    // Act
    const problem = problemThrownBy(() => assertBodyWithinLimit(body));

    // Assert
    expect(problem.status).toBe(413);
  });
});

describe('bodyText', () => {
  it('decodes UTF-8, multi-byte characters included', () => {
    // Arrange
    const body = Buffer.from('{"event":"Zoë’s €"}', 'utf8');

    // Act
    const text = bodyText(body, 'application/json');

    // Assert
    expect(text).toBe('{"event":"Zoë’s €"}');
  });

  it.each([
    ['a lone continuation byte', [0x7b, 0x80, 0x7d]],
    ['a Latin-1 é', [0x22, 0xe9, 0x22]],
    ['a cut-off three-byte character', [0x22, 0xe2, 0x82]],
    ['an over-long encoding', [0xc0, 0xaf]],
  ])('refuses %s under a JSON Content-Type with 400', (_case, bytes) => {
    // Arrange
    const body = Buffer.from(bytes);

    // Act
    const problem = problemThrownBy(() => bodyText(body, 'application/json; charset=utf-8'));

    // Assert
    expect(problem.status).toBe(400);
    expect(problem.detail).toContain('UTF-8');
  });

  it.each([
    ['image/png', 'Content-Type "image/png" is not supported'],
    ['text/plain; charset=latin1', 'Content-Type "text/plain; charset=latin1" is not supported'],
    [undefined, 'A body was sent without a Content-Type'],
  ])('refuses bytes that are not UTF-8 under %s with 415, the content type being checked first', (type, detail) => {
    // Arrange
    const body = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]);

    // Act
    const problem = problemThrownBy(() => bodyText(body, type));

    // Assert
    expect(problem.status).toBe(415);
    expect(problem.detail).toContain(detail);
  });

  it('reads zero bytes as empty text', () => {
    // Act
    const text = bodyText(Buffer.alloc(0), undefined);

    // Assert
    expect(text).toBe('');
  });
});
