import { describe, expect, it } from 'vitest';
import { matchingApiKey } from '../../../lambda/auth/api-key';
import type { CredentialEntry } from '../../../lambda/auth/principal';

const CURRENT_KEY = 'key-current-5b1e-0a7f';
const NEXT_KEY = 'key-next-9c4d-e2b8-33';

/** A configured API-key entry, unnamed and unscoped unless a test says otherwise. */
const anEntry = (secret: string, name?: string): CredentialEntry => ({ secret, name, scope: undefined });

/** Whether the caller's headers matched any of these keys. */
const acceptsApiKey = (headers: Record<string, string>, keys: readonly string[]): boolean =>
  matchingApiKey(
    headers,
    keys.map((key) => anEntry(key)),
  ) !== undefined;

describe('matchingApiKey comparing one key', () => {
  it.each([
    ['the same text', 'abcdefghijklmnop', 'abcdefghijklmnop', true],
    ['a different text of the same length', 'abcdefghijklmnoq', 'abcdefghijklmnop', false],
    ['a prefix', 'abcdefghijklmno', 'abcdefghijklmnop', false],
    ['a longer text', 'abcdefghijklmnopq', 'abcdefghijklmnop', false],
    ['a different case', 'ABCDEFGHIJKLMNOP', 'abcdefghijklmnop', false],
    ['an empty text against a key', '', 'abcdefghijklmnop', false],
  ])('compares %s', (_case, given, expected, equal) => {
    // Act
    const result = acceptsApiKey({ 'x-api-key': given }, [expected]);

    // Assert
    expect(result).toBe(equal);
  });
});

describe('matchingApiKey', () => {
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

  it('hands back the entry whose key was presented, so the request is filed under its principal', () => {
    // Arrange
    const current = anEntry(CURRENT_KEY, 'zapier-current');
    const next = anEntry(NEXT_KEY, 'zapier-next');

    // Act
    const matched = matchingApiKey({ 'x-api-key': NEXT_KEY }, [current, next]);

    // Assert
    expect(matched).toBe(next);
  });

  it('hands back the first entry when two entries hold the same key', () => {
    // Arrange
    const first = anEntry(CURRENT_KEY, 'first');
    const second = anEntry(CURRENT_KEY, 'second');

    // Act
    const matched = matchingApiKey({ 'x-api-key': CURRENT_KEY }, [first, second]);

    // Assert
    expect(matched).toBe(first);
  });
});
