import { describe, expect, it } from 'vitest';
import { maskingSecretSource, maskSecretValues, secretValuesOf } from '../../../lambda/observability/secret-masks';
import type { AdapterSecret } from '../../../lambda/secrets/adapter-secret';
import { anAdapterSecret, anInbound } from '../../support/factories';

/** The base64 of a Standard Webhooks signing key unique to `tag` (25 bytes or more). */
const signingKeyBase64 = (tag: string): string => Buffer.from(`signing-key-for-masking-${tag}`).toString('base64');

/** A secret with every kind of credential filled in, each value unique to the test that makes it. */
const aFullSecret = (tag: string, auth: AdapterSecret['which50']['auth']): AdapterSecret =>
  anAdapterSecret({
    which50: { baseUrl: new URL('https://app.which50.com/Which50API'), auth },
    inbound: anInbound({
      apiKeys: [`api-key-one-${tag}-0123`, { key: `api-key-two-${tag}-4567`, name: 'zapier' }],
      standardWebhooksSecret: `whsec_${signingKeyBase64(tag)}`,
      hmacSha256Secret: { secret: `hub-secret-${tag}-012345`, name: 'github', scope: [{ contactListId: 1 }] },
    }),
  });

describe('secretValuesOf', () => {
  it('lists the bearer token and every inbound key, the webhook secret also without its prefix', () => {
    // Arrange
    const secret = aFullSecret('a', { scheme: 'bearer', token: 'upstream-token-a' });

    // Act
    const values = secretValuesOf(secret);

    // Assert
    expect(values.toSorted()).toEqual(
      [
        'upstream-token-a',
        'api-key-one-a-0123',
        'api-key-two-a-4567',
        `whsec_${signingKeyBase64('a')}`,
        signingKeyBase64('a'),
        'hub-secret-a-012345',
      ].toSorted(),
    );
  });

  it('lists the keys of named entries, never their names', () => {
    // Arrange
    const secret = aFullSecret('n', { scheme: 'bearer', token: 'upstream-token-n' });

    // Act
    const values = secretValuesOf(secret);

    // Assert
    expect(values).toContain('api-key-two-n-4567');
    expect(values).not.toContain('zapier');
    expect(values).not.toContain('github');
  });

  it('lists a basic password and the encoded credential the Authorization header carries', () => {
    // Arrange
    const secret = aFullSecret('b', { scheme: 'basic', username: 'importer', password: 'password-b' });

    // Act
    const values = secretValuesOf(secret);

    // Assert
    expect(values).toContain('password-b');
    expect(values).toContain(Buffer.from('importer:password-b').toString('base64'));
    expect(values).not.toContain('importer');
  });

  it('lists a custom header value, not its name', () => {
    // Arrange
    const secret = aFullSecret('c', { scheme: 'header', name: 'X-Which50-Key', value: 'header-value-c' });

    // Act
    const values = secretValuesOf(secret);

    // Assert
    expect(values).toContain('header-value-c');
    expect(values).not.toContain('X-Which50-Key');
  });

  it('leaves out values too short to tell from ordinary text', () => {
    // Arrange
    const secret = aFullSecret('d', { scheme: 'bearer', token: 'abc' });

    // Act
    const values = secretValuesOf(secret);

    // Assert
    expect(values).not.toContain('abc');
  });
});

describe('maskSecretValues', () => {
  it('masks every value of a secret the wrapped source handed out, wherever it appears', async () => {
    // Arrange
    const secret = aFullSecret('e', { scheme: 'bearer', token: 'upstream-token-e' });
    await maskingSecretSource(async () => secret)();

    // Act
    const masked = maskSecretValues('token upstream-token-e, key api-key-two-e-4567 and again upstream-token-e');

    // Assert
    expect(masked).toBe('token [secret], key [secret] and again [secret]');
  });

  it('keeps masking the values of a secret that has since been rotated', async () => {
    // Arrange
    const before = aFullSecret('f1', { scheme: 'bearer', token: 'upstream-token-f1' });
    const after = aFullSecret('f2', { scheme: 'bearer', token: 'upstream-token-f2' });
    let current = before;
    const source = maskingSecretSource(async () => current);
    await source();
    current = after;
    await source({ fresh: true });

    // Act
    const masked = maskSecretValues('upstream-token-f1 upstream-token-f2');

    // Assert
    expect(masked).toBe('[secret] [secret]');
  });

  it('leaves text without a secret value as it is', () => {
    // Act
    const masked = maskSecretValues('contactListId: must be an integer, not "x"');

    // Assert
    expect(masked).toBe('contactListId: must be an integer, not "x"');
  });

  it('hands the secret through unchanged, and passes the fresh option on', async () => {
    // Arrange
    const secret = aFullSecret('g', { scheme: 'bearer', token: 'upstream-token-g' });
    const asked: unknown[] = [];
    const source = maskingSecretSource(async (options) => {
      asked.push(options);
      return secret;
    });

    // Act
    const handedOut = await source({ fresh: true });

    // Assert
    expect(handedOut).toBe(secret);
    expect(asked).toEqual([{ fresh: true }]);
  });
});
