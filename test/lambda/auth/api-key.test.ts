import { describe, expect, it } from 'vitest';
import { acceptsApiKey } from '../../../lambda/auth/api-key';

const CURRENT_KEY = 'key-current-5b1e';
const NEXT_KEY = 'key-next-9c4d';

describe('acceptsApiKey comparing one key', () => {
  it.each([
    ['the same text', 'abc', 'abc', true],
    ['a different text of the same length', 'abc', 'abd', false],
    ['a prefix', 'ab', 'abc', false],
    ['a longer text', 'abcd', 'abc', false],
    ['a different case', 'ABC', 'abc', false],
    ['an empty text against a key', '', 'abc', false],
  ])('compares %s', (_case, given, expected, equal) => {
    // Act
    const result = acceptsApiKey({ 'x-api-key': given }, [expected]);

    // Assert
    expect(result).toBe(equal);
  });
});

describe('acceptsApiKey', () => {
  it('accepts the key in x-api-key', () => {
    // Arrange
    const headers = { 'x-api-key': CURRENT_KEY };

    // Act
    const accepted = acceptsApiKey(headers, [CURRENT_KEY]);

    // Assert
    expect(accepted).toBe(true);
  });

  it('accepts x-api-key with spaces around the key', () => {
    // Arrange
    const headers = { 'x-api-key': `  ${CURRENT_KEY} ` };

    // Act
    const accepted = acceptsApiKey(headers, [CURRENT_KEY]);

    // Assert
    expect(accepted).toBe(true);
  });

  it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])(
    'accepts Authorization: %s KEY, whatever the scheme’s case',
    (scheme) => {
      // Arrange
      const headers = { authorization: `${scheme} ${CURRENT_KEY}` };

      // Act
      const accepted = acceptsApiKey(headers, [CURRENT_KEY]);

      // Assert
      expect(accepted).toBe(true);
    },
  );

  it('refuses a wrong key in x-api-key', () => {
    // Arrange
    const headers = { 'x-api-key': 'key-guessed-0000' };

    // Act
    const accepted = acceptsApiKey(headers, [CURRENT_KEY]);

    // Assert
    expect(accepted).toBe(false);
  });

  it('refuses a wrong bearer key', () => {
    // Arrange
    const headers = { authorization: 'Bearer key-guessed-0000' };

    // Act
    const accepted = acceptsApiKey(headers, [CURRENT_KEY]);

    // Assert
    expect(accepted).toBe(false);
  });

  it('refuses the key with a different case', () => {
    // Arrange
    const headers = { 'x-api-key': CURRENT_KEY.toUpperCase() };

    // Act
    const accepted = acceptsApiKey(headers, [CURRENT_KEY]);

    // Assert
    expect(accepted).toBe(false);
  });

  it('refuses a key that only starts with a configured one', () => {
    // Arrange
    const headers = { 'x-api-key': `${CURRENT_KEY}x` };

    // Act
    const accepted = acceptsApiKey(headers, [CURRENT_KEY]);

    // Assert
    expect(accepted).toBe(false);
  });

  it.each([
    ['Basic credentials', `Basic ${CURRENT_KEY}`],
    ['the key without a scheme', CURRENT_KEY],
    ['a scheme without a key', 'Bearer '],
    ['two tokens after Bearer', `Bearer ${CURRENT_KEY} extra`],
  ])('refuses an Authorization header with %s', (_case, authorization) => {
    // Arrange
    const headers = { authorization };

    // Act
    const accepted = acceptsApiKey(headers, [CURRENT_KEY]);

    // Assert
    expect(accepted).toBe(false);
  });

  it('refuses a request that presents no key', () => {
    // Arrange
    const headers = { 'content-type': 'application/json' };

    // Act
    const accepted = acceptsApiKey(headers, [CURRENT_KEY]);

    // Assert
    expect(accepted).toBe(false);
  });

  it('refuses every key when none is configured', () => {
    // Arrange
    const headers = { 'x-api-key': CURRENT_KEY };

    // Act
    const accepted = acceptsApiKey(headers, []);

    // Assert
    expect(accepted).toBe(false);
  });

  it.each([CURRENT_KEY, NEXT_KEY])('accepts either key of a rotation pair (%s)', (key) => {
    // Arrange
    const headers = { 'x-api-key': key };

    // Act
    const accepted = acceptsApiKey(headers, [CURRENT_KEY, NEXT_KEY]);

    // Assert
    expect(accepted).toBe(true);
  });

  it('falls back to the bearer key when x-api-key is empty', () => {
    // Arrange
    const headers = { 'x-api-key': '', authorization: `Bearer ${CURRENT_KEY}` };

    // Act
    const accepted = acceptsApiKey(headers, [CURRENT_KEY]);

    // Assert
    expect(accepted).toBe(true);
  });

  it('judges x-api-key alone when both are sent, so a wrong key cannot hide behind a right one', () => {
    // Arrange
    const headers = { 'x-api-key': 'key-guessed-0000', authorization: `Bearer ${CURRENT_KEY}` };

    // Act
    const accepted = acceptsApiKey(headers, [CURRENT_KEY]);

    // Assert
    expect(accepted).toBe(false);
  });
});
