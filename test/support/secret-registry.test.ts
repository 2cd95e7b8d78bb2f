import { describe, expect, it } from 'vitest';
import { redactSecrets, registerSecretDocument, registerSecretValue, secretFoundIn } from './secret-registry';

describe('the secret registry', () => {
  it('finds a registered value inside a longer text, by its label', () => {
    // Arrange
    registerSecretValue('registry-test-value-1', 'a test value');

    // Act
    const found = secretFoundIn('{"message":"oops","key":"registry-test-value-1"}');

    // Assert
    expect(found).toBe('a test value');
  });

  it('finds nothing in a text without registered values', () => {
    // Act
    const found = secretFoundIn('{"message":"all clear, nothing to see here"}');

    // Assert
    expect(found).toBeUndefined();
  });

  it('ignores values too short to be told apart from chance', () => {
    // Arrange
    registerSecretValue('short', 'a short value');

    // Act
    const found = secretFoundIn('a short story');

    // Assert
    expect(found).toBeUndefined();
  });

  it('registers every credential of a secret document, the Basic credential in its encoded form too', () => {
    // Arrange
    registerSecretDocument({
      which50: {
        baseUrl: 'https://example.com',
        auth: { scheme: 'basic', username: 'registry-user', password: 'registry-password' },
      },
      inbound: {
        apiKeys: ['registry-key-one'],
        standardWebhooksSecret: 'whsec_cmVnaXN0cnktd2ViaG9vaw==',
        hmacSha256Secret: 'registry-hmac',
      },
    });
    const basic = Buffer.from('registry-user:registry-password').toString('base64');

    // Act
    const found = ['registry-password', basic, 'registry-key-one', 'cmVnaXN0cnktd2ViaG9vaw==', 'registry-hmac'].map(
      secretFoundIn,
    );

    // Assert
    expect(found).toEqual([
      'which50.auth.password',
      'which50.auth (Basic credential)',
      'inbound.apiKeys',
      'inbound.standardWebhooksSecret (key)',
      'inbound.hmacSha256Secret',
    ]);
  });

  it('registers the secret JSON text as a document', () => {
    // Arrange
    registerSecretDocument(JSON.stringify({ which50: { auth: { scheme: 'bearer', token: 'registry-json-token' } } }));

    // Act
    const found = secretFoundIn('Bearer registry-json-token');

    // Assert
    expect(found).toBe('which50.auth.token');
  });

  it('registers secret text that is not JSON as a whole', () => {
    // Arrange
    registerSecretDocument('token=registry-broken-text');

    // Act
    const found = secretFoundIn('read token=registry-broken-text from the store');

    // Assert
    expect(found).toBe('secret text');
  });

  it('masks registered values with their labels', () => {
    // Arrange
    registerSecretValue('registry-mask-value', 'the masked value');

    // Act
    const redacted = redactSecrets('key=registry-mask-value;');

    // Assert
    expect(redacted).toBe('key=[secret: the masked value];');
  });
});
