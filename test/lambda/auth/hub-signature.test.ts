import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkHubSignature } from '../../../lambda/auth/hub-signature';
import type { InboundRequest } from '../../../lambda/auth/inbound-request';

const SECRET = 'hub-unit-test-secret';
const BODY = 'contactListId=1&importJobId=2&customEvents=SendWelcomeEmail';

/** What a GitHub-style sender computes: a plain HMAC-SHA256 of the body, in hex. */
const hexSignature = (body: string, secret = SECRET): string =>
  createHmac('sha256', secret).update(body, 'utf8').digest('hex');

const aRequest = (headers: Record<string, string>, body = BODY): InboundRequest => ({
  headers,
  rawBody: Buffer.from(body, 'utf8'),
});

const signedWith = (signature: string): Record<string, string> => ({ 'x-hub-signature-256': signature });

describe('checkHubSignature', () => {
  it('accepts the HMAC-SHA256 of the raw body', () => {
    // Act
    const verdict = checkHubSignature(aRequest(signedWith(`sha256=${hexSignature(BODY)}`)), SECRET);

    // Assert
    expect(verdict).toBe('accepted');
  });

  it('accepts the digest written in upper-case hex', () => {
    // Act
    const verdict = checkHubSignature(aRequest(signedWith(`sha256=${hexSignature(BODY).toUpperCase()}`)), SECRET);

    // Assert
    expect(verdict).toBe('accepted');
  });

  it('refuses a body changed after signing', () => {
    // Arrange
    const request = aRequest(
      signedWith(`sha256=${hexSignature(BODY)}`),
      BODY.replace('importJobId=2', 'importJobId=3'),
    );

    // Act
    const verdict = checkHubSignature(request, SECRET);

    // Assert
    expect(verdict).toBe('refused');
  });

  it('refuses a signature made with another secret', () => {
    // Act
    const verdict = checkHubSignature(aRequest(signedWith(`sha256=${hexSignature(BODY, 'guessed')}`)), SECRET);

    // Assert
    expect(verdict).toBe('refused');
  });

  it('finds a request without the header unsigned', () => {
    // Act
    const verdict = checkHubSignature(aRequest({}), SECRET);

    // Assert
    expect(verdict).toBe('unsigned');
  });

  it.each([
    ['the SHA-1 scheme', `sha1=${createHmac('sha1', SECRET).update(BODY).digest('hex')}`],
    ['no scheme', hexSignature(BODY)],
    ['a digest cut short', `sha256=${hexSignature(BODY).slice(0, 63)}`],
    ['a digest too long', `sha256=${hexSignature(BODY)}00`],
    ['characters that are not hex', `sha256=${'z'.repeat(64)}`],
    ['two signatures', `sha256=${hexSignature(BODY)}, sha256=${hexSignature(BODY)}`],
    ['the digest in base64', `sha256=${createHmac('sha256', SECRET).update(BODY).digest('base64')}`],
  ])('refuses, without throwing, a header with %s', (_case, signature) => {
    // Act
    const verdict = checkHubSignature(aRequest(signedWith(signature)), SECRET);

    // Assert
    expect(verdict).toBe('refused');
  });
});
