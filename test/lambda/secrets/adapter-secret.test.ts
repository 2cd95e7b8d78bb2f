import { describe, expect, it } from 'vitest';
import { parseAdapterSecret, readAdapterSecret } from '../../../lambda/secrets/adapter-secret';
import {
  AN_API_KEY,
  aBasicAuth,
  aBearerAuth,
  aHeaderAuth,
  aSecretDocument,
  aSecretJson,
  problemThrownBy,
} from '../../support/factories';

const HTTPS_ONLY = { allowHttpUpstream: false };
const HTTP_ALLOWED = { allowHttpUpstream: true };

/** A recognizable fragment planted in every value, so that a test can prove none is ever quoted. */
const MARKER = 'ZQXMARKER';

/** The detail of the 500 that `text` produces. */
const detailFor = (text: string, options = HTTPS_ONLY): string => {
  const problem = problemThrownBy(() => parseAdapterSecret(text, options));
  expect(problem.status).toBe(500);
  expect(problem.title).toBe('Adapter misconfigured');
  return problem.detail;
};

describe('parseAdapterSecret', () => {
  describe('upstream credential schemes', () => {
    it('reads a bearer token', () => {
      // Arrange
      const text = aSecretJson({ auth: aBearerAuth({ token: 'tok-123' }) });

      // Act
      const secret = parseAdapterSecret(text, HTTPS_ONLY);

      // Assert
      expect(secret.which50.auth).toEqual({ scheme: 'bearer', token: 'tok-123' });
    });

    it('reads a basic username and password', () => {
      // Arrange
      const text = aSecretJson({ auth: aBasicAuth({ username: 'ops', password: 'p@ss:word' }) });

      // Act
      const secret = parseAdapterSecret(text, HTTPS_ONLY);

      // Assert
      expect(secret.which50.auth).toEqual({ scheme: 'basic', username: 'ops', password: 'p@ss:word' });
    });

    it('accepts an empty basic password', () => {
      // Arrange
      const text = aSecretJson({ auth: aBasicAuth({ password: '' }) });

      // Act
      const secret = parseAdapterSecret(text, HTTPS_ONLY);

      // Assert
      expect(secret.which50.auth).toMatchObject({ scheme: 'basic', password: '' });
    });

    it('reads a named header and its value', () => {
      // Arrange
      const text = aSecretJson({ auth: aHeaderAuth({ name: 'X-Api-Token', value: 'v-1' }) });

      // Act
      const secret = parseAdapterSecret(text, HTTPS_ONLY);

      // Assert
      expect(secret.which50.auth).toEqual({ scheme: 'header', name: 'X-Api-Token', value: 'v-1' });
    });

    it('drops members the scheme does not use', () => {
      // Arrange
      const text = aSecretJson({ auth: aBearerAuth({ password: 'stray' }) });

      // Act
      const secret = parseAdapterSecret(text, HTTPS_ONLY);

      // Assert
      expect(secret.which50.auth).toEqual({ scheme: 'bearer', token: 'test-upstream-token' });
    });

    it('refuses an unknown scheme, naming which50.auth.scheme', () => {
      // Arrange
      const text = aSecretJson({ auth: aBearerAuth({ scheme: 'oauth2' }) });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain('which50.auth.scheme');
      expect(detail).toContain('bearer, basic or header');
    });

    it('refuses an auth without a scheme, naming which50.auth.scheme', () => {
      // Arrange
      const text = aSecretJson({ auth: { token: 'tok' } });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain('which50.auth.scheme');
    });

    it('refuses an auth that is a bare string, naming which50.auth', () => {
      // Arrange
      const text = aSecretJson({ auth: 'just-a-token' });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toMatch(/field which50\.auth\b/);
    });

    it.each([
      ['bearer', aBearerAuth({ token: undefined }), 'which50.auth.token'],
      ['bearer', aBearerAuth({ token: '' }), 'which50.auth.token'],
      ['bearer', aBearerAuth({ token: 42 }), 'which50.auth.token'],
      ['basic', aBasicAuth({ username: undefined }), 'which50.auth.username'],
      ['basic', aBasicAuth({ username: '' }), 'which50.auth.username'],
      ['basic', aBasicAuth({ password: undefined }), 'which50.auth.password'],
      ['header', aHeaderAuth({ name: undefined }), 'which50.auth.name'],
      ['header', aHeaderAuth({ name: '' }), 'which50.auth.name'],
      ['header', aHeaderAuth({ value: undefined }), 'which50.auth.value'],
      ['header', aHeaderAuth({ value: '' }), 'which50.auth.value'],
    ])('refuses a %s credential with %j, naming %s', (_scheme, auth, field) => {
      // Arrange
      const text = aSecretJson({ auth });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain(`field ${field} `);
    });

    it('refuses a basic username with a colon, which would shift it into the password', () => {
      // Arrange
      const text = aSecretJson({ auth: aBasicAuth({ username: 'team:ops' }) });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain('which50.auth.username');
    });
  });

  describe('header rules (no smuggled second header)', () => {
    it.each([
      ['a space', 'X Api Key'],
      ['a colon', 'X-Api-Key:'],
      ['a line break', 'X-Api-Key\r\nX-Evil'],
      ['a non-ASCII letter', 'X-Clé'],
    ])('refuses a header name with %s', (_what, name) => {
      // Arrange
      const text = aSecretJson({ auth: aHeaderAuth({ name }) });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain('which50.auth.name');
    });

    it('accepts a header name made of token characters', () => {
      // Arrange
      const text = aSecretJson({ auth: aHeaderAuth({ name: "X-Key_1.v2!#$%&'*+^`|~" }) });

      // Act
      const secret = parseAdapterSecret(text, HTTPS_ONLY);

      // Assert
      expect(secret.which50.auth).toMatchObject({ name: "X-Key_1.v2!#$%&'*+^`|~" });
    });

    it.each([
      ['a carriage return', 'abc\rdef'],
      ['a line feed', 'abc\ndef'],
      ['a NUL', 'abc\u0000def'],
    ])('refuses a header value with %s', (_what, value) => {
      // Arrange
      const text = aSecretJson({ auth: aHeaderAuth({ value }) });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain('which50.auth.value');
    });

    it.each([
      ['a line feed', 'tok\nX-Evil: 1'],
      ['a carriage return', 'tok\rX-Evil: 1'],
    ])('refuses a bearer token with %s', (_what, token) => {
      // Arrange
      const text = aSecretJson({ auth: aBearerAuth({ token }) });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain('which50.auth.token');
    });

    it('refuses a bearer token with a character no HTTP header can carry (a pasted curly quote)', () => {
      // Arrange: fetch cannot send a header value above U+00FF; the call would fail as an upstream error
      const text = aSecretJson({ auth: aBearerAuth({ token: '\u2018tok-123\u2019' }) });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain('which50.auth.token');
    });

    it('refuses a basic password with a line break', () => {
      // Arrange
      const text = aSecretJson({ auth: aBasicAuth({ password: 'pw\r\nX-Evil: 1' }) });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain('which50.auth.password');
    });
  });

  describe('baseUrl', () => {
    it('keeps the base URL with its path', () => {
      // Arrange
      const text = aSecretJson({ baseUrl: 'https://app.which50.com/Which50API' });

      // Act
      const secret = parseAdapterSecret(text, HTTPS_ONLY);

      // Assert
      expect(secret.which50.baseUrl).toBeInstanceOf(URL);
      expect(secret.which50.baseUrl.href).toBe('https://app.which50.com/Which50API');
    });

    it('refuses a missing baseUrl, naming which50.baseUrl', () => {
      // Arrange
      const text = aSecretJson({ baseUrl: undefined });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain('which50.baseUrl');
    });

    it('refuses a baseUrl that is not a URL', () => {
      // Arrange
      const text = aSecretJson({ baseUrl: 'app.which50.com/Which50API' });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain('which50.baseUrl');
      expect(detail).toContain('not a URL');
    });

    it('refuses http by default', () => {
      // Arrange
      const text = aSecretJson({ baseUrl: 'http://app.which50.com/Which50API' });

      // Act
      const detail = detailFor(text, HTTPS_ONLY);

      // Assert
      expect(detail).toContain('which50.baseUrl');
      expect(detail).toContain('ALLOW_HTTP_UPSTREAM');
    });

    it('accepts http when ALLOW_HTTP_UPSTREAM is on (local use)', () => {
      // Arrange
      const text = aSecretJson({ baseUrl: 'http://localhost:4010/Which50API' });

      // Act
      const secret = parseAdapterSecret(text, HTTP_ALLOWED);

      // Assert
      expect(secret.which50.baseUrl.protocol).toBe('http:');
    });

    it.each(['ftp://app.which50.com/Which50API', 'file:///etc/passwd', 'javascript:alert(1)'])(
      'refuses %s even when http is allowed',
      (baseUrl) => {
        // Arrange
        const text = aSecretJson({ baseUrl });

        // Act
        const detail = detailFor(text, HTTP_ALLOWED);

        // Assert
        expect(detail).toContain('which50.baseUrl');
      },
    );

    it.each([
      ['a username and password', 'https://ops:secret@app.which50.com/Which50API'],
      ['a username alone', 'https://ops@app.which50.com/Which50API'],
    ])('refuses a baseUrl carrying %s, pointing at which50.auth', (_what, baseUrl) => {
      // Arrange
      const text = aSecretJson({ baseUrl });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain('which50.baseUrl');
      expect(detail).toContain('which50.auth');
      expect(detail).not.toContain('secret@');
    });
  });

  describe('inbound', () => {
    const OLD_KEY = 'ak_rotating_old_0001';
    const NEW_KEY = 'ak_rotating_new_0002';
    const SW_SECRET = `whsec_${Buffer.from('standard-webhooks-secret-24-bytes').toString('base64')}`;
    const HUB_SECRET = 'hub-signing-secret-0001';

    it('is optional, and its absence enables no inbound scheme', () => {
      // Arrange
      const text = aSecretJson({ inbound: undefined });

      // Act
      const secret = parseAdapterSecret(text, HTTPS_ONLY);

      // Assert
      expect(secret.inbound).toEqual({ apiKeys: [], standardWebhooks: [], hubSignatures: [] });
    });

    it('reads every inbound credential, each scheme as a list of unnamed, unscoped entries', () => {
      // Arrange
      const inbound = { apiKeys: [OLD_KEY, NEW_KEY], standardWebhooksSecret: SW_SECRET, hmacSha256Secret: HUB_SECRET };
      const text = aSecretJson({ inbound });

      // Act
      const secret = parseAdapterSecret(text, HTTPS_ONLY);

      // Assert
      const plain = { name: undefined, scope: undefined };
      expect(secret.inbound).toEqual({
        apiKeys: [
          { secret: OLD_KEY, ...plain },
          { secret: NEW_KEY, ...plain },
        ],
        standardWebhooks: [
          { secret: SW_SECRET, ...plain, signingKey: Buffer.from('standard-webhooks-secret-24-bytes') },
        ],
        hubSignatures: [{ secret: HUB_SECRET, ...plain }],
      });
    });

    it('reads a single API key given as a string, not only a list', () => {
      // Arrange
      const text = aSecretJson({ inbound: { apiKeys: AN_API_KEY } });

      // Act
      const secret = parseAdapterSecret(text, HTTPS_ONLY);

      // Assert
      expect(secret.inbound.apiKeys).toEqual([{ secret: AN_API_KEY, name: undefined, scope: undefined }]);
    });

    it('accepts an empty list of API keys', () => {
      // Arrange
      const text = aSecretJson({ inbound: { apiKeys: [] } });

      // Act
      const secret = parseAdapterSecret(text, HTTPS_ONLY);

      // Assert
      expect(secret.inbound.apiKeys).toEqual([]);
    });

    it.each([
      [{ apiKeys: [AN_API_KEY, ''] }, 'inbound.apiKeys[1]'],
      [{ apiKeys: [AN_API_KEY, 'short-api-key'] }, 'inbound.apiKeys[1]'],
      [{ apiKeys: [{ key: 'short-api-key', name: 'zapier' }] }, 'inbound.apiKeys[0].key'],
      [{ apiKeys: [7] }, 'inbound.apiKeys[0]'],
      [{ standardWebhooksSecret: '' }, 'inbound.standardWebhooksSecret'],
      [{ standardWebhooksSecret: 'whsec_not base64!' }, 'inbound.standardWebhooksSecret'],
      [{ hmacSha256Secret: 12 }, 'inbound.hmacSha256Secret'],
      [{ hmacSha256Secret: 'hub-too-short' }, 'inbound.hmacSha256Secret'],
      ['api-key', 'inbound'],
    ])('refuses inbound %j, naming %s', (inbound, field) => {
      // Arrange
      const text = aSecretJson({ inbound });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain(`field ${field} `);
    });
  });

  describe('readAdapterSecret', () => {
    it('hands back the parsed secret when nothing is wrong', () => {
      // Arrange
      const text = aSecretJson();

      // Act
      const reading = readAdapterSecret(text, HTTPS_ONLY);

      // Assert
      expect(reading.ok && reading.secret.inbound.apiKeys.map((entry) => entry.secret)).toEqual([AN_API_KEY]);
    });

    it('lists the problems of the upstream part and of the inbound part together, one by one', () => {
      // Arrange
      const text = aSecretJson({
        baseUrl: 'http://app.which50.com/Which50API',
        inbound: { apiKeys: ['short'], hmacSha256Secret: { secret: 'hub-signing-secret-0001', name: '' } },
      });

      // Act
      const reading = readAdapterSecret(text, HTTPS_ONLY);

      // Assert
      expect(reading.ok).toBe(false);
      expect(reading.ok ? [] : reading.problems.map((problem) => problem.split(' ')[1])).toEqual([
        'which50.baseUrl',
        'inbound.apiKeys[0]',
        'inbound.hmacSha256Secret.name',
      ]);
    });

    it('says the text is not JSON, and nothing else', () => {
      // Act
      const reading = readAdapterSecret('{', HTTPS_ONLY);

      // Assert
      expect(reading).toEqual({ ok: false, problems: ['the secret is not valid JSON'] });
    });
  });

  describe('the document as a whole', () => {
    it.each(['', '{', "{'which50': {}}", 'which50=1'])('refuses %j as not JSON', (text) => {
      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toBe('The secret is not valid JSON.');
    });

    it.each(['[]', 'null', '"text"', '42'])('refuses %s, which is JSON but not an object', (text) => {
      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain('The secret is invalid');
    });

    it('refuses a secret without which50, naming it', () => {
      // Arrange
      const text = JSON.stringify({ inbound: { apiKeys: [AN_API_KEY] } });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain('field which50 ');
    });

    it('names every wrong field at once, so one edit fixes the secret', () => {
      // Arrange
      const text = aSecretJson({ baseUrl: 3, auth: aBearerAuth({ token: '' }), inbound: { apiKeys: [''] } });

      // Act
      const detail = detailFor(text);

      // Assert
      expect(detail).toContain('which50.baseUrl');
      expect(detail).toContain('which50.auth.token');
      expect(detail).toContain('inbound.apiKeys[0]');
    });

    it('ignores members it does not know', () => {
      // Arrange
      const text = JSON.stringify({ ...aSecretDocument(), comment: 'rotated 2025-01-01' });

      // Act
      const secret = parseAdapterSecret(text, HTTPS_ONLY);

      // Assert
      expect(secret).not.toHaveProperty('comment');
    });
  });

  describe('never quotes a value from the secret', () => {
    it.each([
      ['text that is not JSON', `{"which50":{"auth":{"token":"${MARKER}-1"`],
      [
        'wrong fields of every kind',
        JSON.stringify({
          which50: { baseUrl: [`${MARKER}-2`], auth: { scheme: `${MARKER}-3`, token: `${MARKER}-4` } },
          inbound: { apiKeys: [`${MARKER}-5`, 9], standardWebhooksSecret: { value: `${MARKER}-6` } },
          [`${MARKER}-7`]: `${MARKER}-8`,
        }),
      ],
      ['a token with a line break', aSecretJson({ auth: aBearerAuth({ token: `${MARKER}-9\n${MARKER}-10` }) })],
      ['a username with a colon', aSecretJson({ auth: aBasicAuth({ username: `${MARKER}-11:${MARKER}-12` }) })],
      [
        'a header name with a space',
        aSecretJson({ auth: aHeaderAuth({ name: `${MARKER} 13`, value: `${MARKER}-14` }) }),
      ],
      ['a baseUrl that is not a URL', aSecretJson({ baseUrl: `${MARKER}-15` })],
      ['an http baseUrl', aSecretJson({ baseUrl: `http://${MARKER.toLowerCase()}-16.example/x` })],
      ['a baseUrl with credentials', aSecretJson({ baseUrl: `https://${MARKER}:${MARKER}-17@h.example/x` })],
      ['an API key too short', aSecretJson({ inbound: { apiKeys: [`${MARKER}18`] } })],
      ['a whsec_ secret too short', aSecretJson({ inbound: { standardWebhooksSecret: `whsec_${MARKER}19` } })],
      ['an HMAC secret too short', aSecretJson({ inbound: { hmacSha256Secret: { secret: `${MARKER}20` } } })],
      [
        'a strong key beside a malformed name and scope',
        aSecretJson({
          inbound: {
            apiKeys: [
              { key: `ak_${MARKER}_0123456789`, name: `${MARKER} 21`, scope: [{ contactListId: `${MARKER}22` }] },
            ],
          },
        }),
      ],
    ])('in its answer to %s', (_case, text) => {
      // Act
      const problem = problemThrownBy(() => parseAdapterSecret(text, HTTPS_ONLY));

      // Assert
      const everything = `${problem.detail} ${problem.message} ${problem.title} ${JSON.stringify(problem)}`;
      expect(everything.toUpperCase()).not.toContain(MARKER);
    });
  });
});
