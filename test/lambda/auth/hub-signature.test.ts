import { createHmac } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { checkHubSignature } from '../../../lambda/auth/hub-signature';
import type { InboundRequest } from '../../../lambda/auth/inbound-request';
import type { CredentialEntry } from '../../../lambda/auth/principal';

const SECRET = 'hub-unit-test-secret';
const NEXT_SECRET = 'hub-unit-test-secret-next';

/** A configured hub-signature entry, unnamed and unscoped unless a test says otherwise. */
const anEntry = (secret = SECRET, name?: string): CredentialEntry => ({ secret, name, scope: undefined });
const ENTRIES = [anEntry()];
const BODY = 'contactListId=1&importJobId=2&customEvents=SendWelcomeEmail';

/** What a GitHub-style sender sends, made by Octokit's own signing code: `sha256=<hex HMAC of the body>`. */
const GENUINE = await sign(SECRET, BODY);
const GENUINE_HEX = GENUINE.slice('sha256='.length);

const aRequest = (headers: Record<string, string>, body = BODY): InboundRequest => ({
  headers,
  rawBody: Buffer.from(body, 'utf8'),
});

const signedWith = (signature: string): Record<string, string> => ({ 'x-hub-signature-256': signature });

describe('checkHubSignature', () => {
  it('accepts a signature made by GitHub’s own signing code, naming the entry whose secret made it', () => {
    // Act
    const verdict = checkHubSignature(aRequest(signedWith(GENUINE)), ENTRIES);

    // Assert
    expect(verdict).toEqual({ verdict: 'accepted', entry: ENTRIES[0] });
  });

  it('names the second entry when its secret made the signature', async () => {
    // Arrange
    const first = anEntry(SECRET, 'github-old');
    const second = anEntry(NEXT_SECRET, 'github-new');
    const request = aRequest(signedWith(await sign(NEXT_SECRET, BODY)));

    // Act
    const verdict = checkHubSignature(request, [first, second]);

    // Assert
    expect(verdict).toEqual({ verdict: 'accepted', entry: second });
  });

  it('names the first entry when two entries hold the same secret', async () => {
    // Arrange
    const first = anEntry(SECRET, 'github-first');
    const second = anEntry(SECRET, 'github-second');
    const request = aRequest(signedWith(await sign(SECRET, BODY)));

    // Act
    const verdict = checkHubSignature(request, [first, second]);

    // Assert
    expect(verdict).toEqual({ verdict: 'accepted', entry: first });
  });

  it('refuses a signature that none of several entries made', async () => {
    // Arrange
    const request = aRequest(signedWith(await sign('hub-secret-of-nobody-here', BODY)));

    // Act
    const verdict = checkHubSignature(request, [anEntry(SECRET), anEntry(NEXT_SECRET)]);

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });

  it('accepts the digest written in upper-case hex', () => {
    // Act
    const verdict = checkHubSignature(aRequest(signedWith(`sha256=${GENUINE_HEX.toUpperCase()}`)), ENTRIES);

    // Assert
    expect(verdict.verdict).toBe('accepted');
  });

  it('refuses a body changed after signing', () => {
    // Arrange
    const request = aRequest(signedWith(GENUINE), BODY.replace('importJobId=2', 'importJobId=3'));

    // Act
    const verdict = checkHubSignature(request, ENTRIES);

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });

  it('refuses a signature made with another secret', async () => {
    // Act
    const verdict = checkHubSignature(aRequest(signedWith(await sign('guessed-secret-0000', BODY))), ENTRIES);

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });

  it('finds a request without the header unsigned', () => {
    // Act
    const verdict = checkHubSignature(aRequest({}), ENTRIES);

    // Assert
    expect(verdict).toEqual({ verdict: 'unsigned' });
  });

  it('refuses a genuine signature when no entry is configured', async () => {
    // Arrange
    const request = aRequest(signedWith(await sign(SECRET, BODY)));

    // Act
    const verdict = checkHubSignature(request, []);

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });

  it.each([
    ['the SHA-1 scheme', `sha1=${createHmac('sha1', SECRET).update(BODY).digest('hex')}`],
    ['no scheme', GENUINE_HEX],
    ['a digest cut short', GENUINE.slice(0, -1)],
    ['a digest too long', `${GENUINE}00`],
    ['characters that are not hex', `sha256=${'z'.repeat(64)}`],
    ['two signatures', `${GENUINE}, ${GENUINE}`],
    ['the digest in base64', `sha256=${createHmac('sha256', SECRET).update(BODY).digest('base64')}`],
  ])('refuses, without throwing, a header with %s', (_case, signature) => {
    // Act
    const verdict = checkHubSignature(aRequest(signedWith(signature)), ENTRIES);

    // Assert
    expect(verdict).toEqual({ verdict: 'refused' });
  });
});
