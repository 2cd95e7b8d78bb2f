import { describe, expect, it } from 'vitest';
import { decodeBase64, standardWebhooksKey } from '../../../lambda/auth/signing-key';

const KEY_BYTES = Buffer.from('standard-webhooks-unit-test-key!');
const SECRET = `whsec_${KEY_BYTES.toString('base64')}`;

describe('standardWebhooksKey', () => {
  it('decodes the key of a whsec_ secret', () => {
    // Act
    const key = standardWebhooksKey(SECRET);

    // Assert
    expect(key?.equals(KEY_BYTES)).toBe(true);
  });

  it('decodes a secret given without the whsec_ prefix, as the reference library does', () => {
    // Act
    const key = standardWebhooksKey(KEY_BYTES.toString('base64'));

    // Assert
    expect(key?.equals(KEY_BYTES)).toBe(true);
  });

  it.each([
    ['only the prefix', 'whsec_'],
    ['characters outside base64', 'whsec_not base64!'],
    ['base64 cut short', 'whsec_c2VjcmV0a2V5M'],
  ])('refuses a secret with %s', (_case, secret) => {
    // Act
    const key = standardWebhooksKey(secret);

    // Assert
    expect(key).toBeUndefined();
  });
});

describe('decodeBase64', () => {
  it('decodes canonical base64', () => {
    // Act
    const decoded = decodeBase64(Buffer.from('signature bytes').toString('base64'));

    // Assert
    expect(decoded?.toString('utf8')).toBe('signature bytes');
  });

  it.each([
    ['an empty text', ''],
    ['stray characters Node would skip', 'c2ln bmF0dXJl'],
    ['the URL-safe alphabet', 'c2lnbmF0dXJl-_8='],
    ['missing padding', 'c2lnbmF0dXJlcw'],
  ])('refuses %s', (_case, text) => {
    // Act
    const decoded = decodeBase64(text);

    // Assert
    expect(decoded).toBeUndefined();
  });
});
