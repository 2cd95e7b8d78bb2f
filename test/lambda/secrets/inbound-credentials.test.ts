import { describe, expect, it } from 'vitest';
import { type InboundCredentials, readInboundCredentials } from '../../../lambda/secrets/inbound-credentials';

/** A recognizable fragment planted in values, so that a test can prove none is ever quoted. */
const MARKER = 'ZQXMARKER';

const API_KEY = 'ak_plain_rotating_key_1';
const OTHER_API_KEY = 'ak_zapier_0123456789abcdef';
const HUB_SECRET = 'hub-signing-secret-0001';
const OTHER_HUB_SECRET = 'hub-signing-secret-0002';

/** A `whsec_` secret whose key is `bytes` bytes long (every byte `fill`, so each length is its own key). */
const aSigningSecret = (bytes = 32, fill = 'k'): string => `whsec_${Buffer.alloc(bytes, fill).toString('base64')}`;
const SW_SECRET = aSigningSecret(32, 'a');
const OTHER_SW_SECRET = aSigningSecret(32, 'b');

/** The credentials `raw` is read into; fails the test, naming the problems, when it is refused. */
const credentialsOf = (raw: unknown): InboundCredentials => {
  const reading = readInboundCredentials(raw);
  if (!reading.ok) throw new Error(`expected the inbound part to be read, got: ${reading.problems.join('; ')}`);
  return reading.credentials;
};

/** Every problem `raw` is refused for; fails the test when it is read. */
const problemsOf = (raw: unknown): readonly string[] => {
  const reading = readInboundCredentials(raw);
  if (reading.ok) throw new Error('expected the inbound part to be refused');
  return reading.problems;
};

/** The field each problem names (`field <name> <message>`). */
const fieldsOf = (problems: readonly string[]): string[] => problems.map((problem) => problem.split(' ')[1] ?? '');

const PLAIN = { name: undefined, scope: undefined };

/** The shortest API key or HMAC secret design.md allows. */
const MIN_KEY_LENGTH = 16;

describe('readInboundCredentials', () => {
  describe('the inbound part as a whole', () => {
    it('reads an absent inbound part as no scheme enabled', () => {
      // Act
      const credentials = credentialsOf(undefined);

      // Assert
      expect(credentials).toEqual({ apiKeys: [], standardWebhooks: [], hubSignatures: [] });
    });

    it('reads an empty inbound part as no scheme enabled', () => {
      // Act
      const credentials = credentialsOf({});

      // Assert
      expect(credentials).toEqual({ apiKeys: [], standardWebhooks: [], hubSignatures: [] });
    });

    it.each([
      ['a string', 'api-key'],
      ['a list', [API_KEY]],
      ['null', null],
      ['a number', 7],
    ])('refuses an inbound part that is %s, naming inbound', (_case, raw) => {
      // Act
      const problems = problemsOf(raw);

      // Assert
      expect(fieldsOf(problems)).toEqual(['inbound']);
      expect(problems[0]).toContain('must be an object');
    });

    it('refuses a member of inbound it does not know, so a misspelt scheme is not silently off', () => {
      // Act
      const problems = problemsOf({ apiKey: API_KEY, apiKeys: [OTHER_API_KEY] });

      // Assert
      expect(problems).toEqual(['field inbound has unknown members (apiKey)']);
    });
  });

  describe('entry shapes', () => {
    it('reads a single API key string as one unnamed, unscoped entry', () => {
      // Act
      const { apiKeys } = credentialsOf({ apiKeys: API_KEY });

      // Assert
      expect(apiKeys).toEqual([{ secret: API_KEY, ...PLAIN }]);
    });

    it('reads a single API key object as one entry', () => {
      // Act
      const { apiKeys } = credentialsOf({ apiKeys: { key: API_KEY, name: 'zapier' } });

      // Assert
      expect(apiKeys).toEqual([{ secret: API_KEY, name: 'zapier', scope: undefined }]);
    });

    it('reads a list of API keys, strings and objects mixed, in their order', () => {
      // Act
      const { apiKeys } = credentialsOf({ apiKeys: [API_KEY, { key: OTHER_API_KEY, name: 'zapier' }] });

      // Assert
      expect(apiKeys).toEqual([
        { secret: API_KEY, ...PLAIN },
        { secret: OTHER_API_KEY, name: 'zapier', scope: undefined },
      ]);
    });

    it('reads an empty list as the scheme switched off', () => {
      // Act
      const { apiKeys } = credentialsOf({ apiKeys: [] });

      // Assert
      expect(apiKeys).toEqual([]);
    });

    it('reads a single Standard Webhooks secret string, decoding its signing key once', () => {
      // Act
      const { standardWebhooks } = credentialsOf({ standardWebhooksSecret: SW_SECRET });

      // Assert
      expect(standardWebhooks).toEqual([{ secret: SW_SECRET, ...PLAIN, signingKey: Buffer.alloc(32, 'a') }]);
    });

    it('reads a Standard Webhooks object entry given as {secret, name}', () => {
      // Act
      const { standardWebhooks } = credentialsOf({ standardWebhooksSecret: { secret: SW_SECRET, name: 'crm' } });

      // Assert
      expect(standardWebhooks.map(({ secret, name }) => ({ secret, name }))).toEqual([
        { secret: SW_SECRET, name: 'crm' },
      ]);
    });

    it('reads a list of Standard Webhooks secrets, each with its own signing key', () => {
      // Act
      const { standardWebhooks } = credentialsOf({
        standardWebhooksSecret: [SW_SECRET, { secret: OTHER_SW_SECRET, name: 'crm' }],
      });

      // Assert
      expect(standardWebhooks.map((entry) => [entry.name, entry.signingKey])).toEqual([
        [undefined, Buffer.alloc(32, 'a')],
        ['crm', Buffer.alloc(32, 'b')],
      ]);
    });

    it('reads a single HMAC secret string as one entry', () => {
      // Act
      const { hubSignatures } = credentialsOf({ hmacSha256Secret: HUB_SECRET });

      // Assert
      expect(hubSignatures).toEqual([{ secret: HUB_SECRET, ...PLAIN }]);
    });

    it('reads a single HMAC object entry with a name and a scope', () => {
      // Act
      const { hubSignatures } = credentialsOf({
        hmacSha256Secret: { secret: HUB_SECRET, name: 'github', scope: [{ contactListId: 1, importJobId: 2 }] },
      });

      // Assert
      expect(hubSignatures).toEqual([
        { secret: HUB_SECRET, name: 'github', scope: [{ contactListId: 1, importJobId: 2 }] },
      ]);
    });

    it('reads a list of HMAC secrets in their order', () => {
      // Act
      const { hubSignatures } = credentialsOf({ hmacSha256Secret: [HUB_SECRET, OTHER_HUB_SECRET] });

      // Assert
      expect(hubSignatures.map((entry) => entry.secret)).toEqual([HUB_SECRET, OTHER_HUB_SECRET]);
    });

    it('reads all three schemes side by side', () => {
      // Act
      const credentials = credentialsOf({
        apiKeys: API_KEY,
        standardWebhooksSecret: SW_SECRET,
        hmacSha256Secret: HUB_SECRET,
      });

      // Assert
      expect(
        [credentials.apiKeys, credentials.standardWebhooks, credentials.hubSignatures].map((list) => list.length),
      ).toEqual([1, 1, 1]);
    });

    it.each([
      ['a number', { apiKeys: 7 }, 'inbound.apiKeys'],
      ['a number in a list', { apiKeys: [API_KEY, 7] }, 'inbound.apiKeys[1]'],
      ['null in a list', { standardWebhooksSecret: [null] }, 'inbound.standardWebhooksSecret[0]'],
      ['a nested list', { hmacSha256Secret: [[HUB_SECRET]] }, 'inbound.hmacSha256Secret[0]'],
      ['a boolean', { hmacSha256Secret: true }, 'inbound.hmacSha256Secret'],
    ])('refuses an entry that is %s, naming its place', (_case, raw, field) => {
      // Act
      const problems = problemsOf(raw);

      // Assert
      expect(fieldsOf(problems)).toEqual([field]);
      expect(problems[0]).toContain('must be an object');
    });

    it('refuses an API key object without its key, naming the entry’s key member', () => {
      // Act
      const problems = problemsOf({ apiKeys: [{ name: 'zapier' }] });

      // Assert
      expect(fieldsOf(problems)).toEqual([expect.stringMatching(/^inbound\.apiKeys\[0\]\.(key|secret)$/)]);
      expect(problems[0]).toContain('is missing');
    });

    it.each([
      ['a key that is not a string', { apiKeys: [{ key: 1234567890123456 }] }, 'inbound.apiKeys[0].key'],
      [
        'an HMAC object without its secret',
        { hmacSha256Secret: { name: 'github' } },
        'inbound.hmacSha256Secret.secret',
      ],
      [
        'a Standard Webhooks object without its secret',
        { standardWebhooksSecret: [{ name: 'crm' }] },
        'inbound.standardWebhooksSecret[0].secret',
      ],
    ])('refuses %s, naming the missing member', (_case, raw, field) => {
      // Act
      const problems = problemsOf(raw);

      // Assert
      expect(fieldsOf(problems)).toEqual([field]);
    });

    it('refuses an entry that gives both key and secret', () => {
      // Act
      const problems = problemsOf({ apiKeys: [{ key: API_KEY, secret: OTHER_API_KEY }] });

      // Assert
      expect(fieldsOf(problems)).toEqual(['inbound.apiKeys[0]']);
      expect(problems[0]).toMatch(/key or secret, not both/);
    });

    it('refuses an entry with members it does not know, naming them', () => {
      // Act
      const problems = problemsOf({ apiKeys: [{ key: API_KEY, scopes: [{ contactListId: 7 }] }] });

      // Assert
      expect(problems).toEqual(['field inbound.apiKeys[0] has unknown members (scopes)']);
    });
  });

  describe('strength', () => {
    it(`accepts an API key of exactly ${MIN_KEY_LENGTH} characters`, () => {
      // Act
      const { apiKeys } = credentialsOf({ apiKeys: ['k'.repeat(MIN_KEY_LENGTH)] });

      // Assert
      expect(apiKeys).toHaveLength(1);
    });

    it(`refuses an API key of ${MIN_KEY_LENGTH - 1} characters, naming it`, () => {
      // Act
      const problems = problemsOf({ apiKeys: ['k'.repeat(MIN_KEY_LENGTH - 1)] });

      // Assert
      expect(problems).toEqual([`field inbound.apiKeys[0] must be at least ${MIN_KEY_LENGTH} characters`]);
    });

    it('refuses a one-character API key', () => {
      // Act
      const problems = problemsOf({ apiKeys: 'k' });

      // Assert
      expect(fieldsOf(problems)).toEqual(['inbound.apiKeys']);
    });

    it('refuses an empty API key', () => {
      // Act
      const problems = problemsOf({ apiKeys: [''] });

      // Assert
      expect(fieldsOf(problems)).toEqual(['inbound.apiKeys[0]']);
    });

    it(`accepts an HMAC secret of exactly ${MIN_KEY_LENGTH} characters`, () => {
      // Act
      const { hubSignatures } = credentialsOf({ hmacSha256Secret: 'h'.repeat(MIN_KEY_LENGTH) });

      // Assert
      expect(hubSignatures).toHaveLength(1);
    });

    it(`refuses an HMAC secret of ${MIN_KEY_LENGTH - 1} characters, naming it`, () => {
      // Act
      const problems = problemsOf({ hmacSha256Secret: { secret: 'h'.repeat(MIN_KEY_LENGTH - 1), name: 'github' } });

      // Assert
      expect(problems).toEqual([`field inbound.hmacSha256Secret.secret must be at least ${MIN_KEY_LENGTH} characters`]);
    });

    it.each([24, 64])('accepts a whsec_ secret whose key is %i bytes', (bytes) => {
      // Act
      const { standardWebhooks } = credentialsOf({ standardWebhooksSecret: aSigningSecret(bytes) });

      // Assert
      expect(standardWebhooks[0]?.signingKey.byteLength).toBe(bytes);
    });

    it.each([23, 65])('refuses a whsec_ secret whose key is %i bytes, naming it', (bytes) => {
      // Act
      const problems = problemsOf({ standardWebhooksSecret: aSigningSecret(bytes) });

      // Assert
      expect(problems).toEqual([
        'field inbound.standardWebhooksSecret must be whsec_ followed by the base64 of 24 to 64 bytes',
      ]);
    });

    it.each([
      ['only the prefix', 'whsec_'],
      ['characters outside base64', 'whsec_not base64 at all, not at all!'],
      ['base64 cut short', `${aSigningSecret(32).slice(0, -2)}`],
    ])('refuses a whsec_ secret with %s', (_case, secret) => {
      // Act
      const problems = problemsOf({ standardWebhooksSecret: [secret] });

      // Assert
      expect(fieldsOf(problems)).toEqual(['inbound.standardWebhooksSecret[0]']);
    });

    it('accepts a signing key given as base64 without the whsec_ prefix, as the reference library does', () => {
      // Act
      const { standardWebhooks } = credentialsOf({ standardWebhooksSecret: Buffer.alloc(32, 'c').toString('base64') });

      // Assert
      expect(standardWebhooks[0]?.signingKey).toEqual(Buffer.alloc(32, 'c'));
    });

    it('holds a key given in an object to the same rule as a plain one', () => {
      // Act
      const problems = problemsOf({ apiKeys: [{ key: 'short-key', name: 'zapier' }] });

      // Assert
      expect(fieldsOf(problems)).toEqual(['inbound.apiKeys[0].key']);
    });

    it('names the member the operator wrote: an API key given as {secret} is refused under .secret', () => {
      // Act
      const problems = problemsOf({ apiKeys: [{ secret: 'short-key' }] });

      // Assert
      expect(fieldsOf(problems)).toEqual(['inbound.apiKeys[0].secret']);
    });

    it('holds a whsec_ secret given in an object to the same rule, naming .secret', () => {
      // Act
      const problems = problemsOf({ standardWebhooksSecret: { secret: aSigningSecret(23), name: 'crm' } });

      // Assert
      expect(fieldsOf(problems)).toEqual(['inbound.standardWebhooksSecret.secret']);
    });
  });

  describe('names', () => {
    it.each([
      ['one character', 'z'],
      ['64 characters', `z${'a'.repeat(63)}`],
      ['letters, digits, dots, underscores and dashes', 'crm.prod_2-eu'],
    ])('accepts a name of %s', (_case, name) => {
      // Act
      const { apiKeys } = credentialsOf({ apiKeys: { key: API_KEY, name } });

      // Assert
      expect(apiKeys[0]?.name).toBe(name);
    });

    it.each([
      ['empty', ''],
      ['65 characters', `z${'a'.repeat(64)}`],
      ['starting with a dash', '-zapier'],
      ['with a space', 'zapier prod'],
      ['with a slash, which would cross into another principal’s keys', 'zapier/key'],
      ['with a colon', 'schedule:nightly'],
      ['a number', 7],
    ])('refuses a name that is %s, naming it', (_case, name) => {
      // Act
      const problems = problemsOf({ hmacSha256Secret: [{ secret: HUB_SECRET, name }] });

      // Assert
      expect(fieldsOf(problems)).toEqual(['inbound.hmacSha256Secret[0].name']);
    });
  });

  describe('scopes', () => {
    it('reads a target without importJobId, which covers every job of the list', () => {
      // Act
      const { apiKeys } = credentialsOf({ apiKeys: { key: API_KEY, scope: [{ contactListId: 7 }] } });

      // Assert
      expect(apiKeys[0]?.scope).toEqual([{ contactListId: 7 }]);
    });

    it('reads a target with importJobId and customEvents', () => {
      // Act
      const { apiKeys } = credentialsOf({
        apiKeys: {
          key: API_KEY,
          scope: [{ contactListId: 8, importJobId: 100, customEvents: ['SendWelcomeEmail'] }],
        },
      });

      // Assert
      expect(apiKeys[0]?.scope).toEqual([{ contactListId: 8, importJobId: 100, customEvents: ['SendWelcomeEmail'] }]);
    });

    it('keeps customEvents: [] as an empty list, which allows no event (not as no limit)', () => {
      // Act
      const { apiKeys } = credentialsOf({ apiKeys: { key: API_KEY, scope: [{ contactListId: 7, customEvents: [] }] } });

      // Assert
      expect(apiKeys[0]?.scope).toEqual([{ contactListId: 7, customEvents: [] }]);
    });

    it('reads several targets in their order', () => {
      // Act
      const { standardWebhooks } = credentialsOf({
        standardWebhooksSecret: {
          secret: SW_SECRET,
          scope: [{ contactListId: 7 }, { contactListId: 8, importJobId: 1 }],
        },
      });

      // Assert
      expect(standardWebhooks[0]?.scope).toEqual([{ contactListId: 7 }, { contactListId: 8, importJobId: 1 }]);
    });

    it('reads ids written as decimal strings as numbers', () => {
      // Act
      const { apiKeys } = credentialsOf({
        apiKeys: { key: API_KEY, scope: [{ contactListId: '7', importJobId: '9' }] },
      });

      // Assert
      expect(apiKeys[0]?.scope).toEqual([{ contactListId: 7, importJobId: 9 }]);
    });

    it.each([
      ['an empty list', []],
      ['an object', { contactListId: 7 }],
      ['a string', '7'],
      ['null', null],
    ])('refuses a scope that is %s, naming it', (_case, scope) => {
      // Act
      const problems = problemsOf({ apiKeys: { key: API_KEY, scope } });

      // Assert
      expect(fieldsOf(problems)).toEqual(['inbound.apiKeys.scope']);
    });

    it.each([
      ['a target that is not an object', [7], 'inbound.apiKeys.scope[0]'],
      ['a target without contactListId', [{ importJobId: 2 }], 'inbound.apiKeys.scope[0].contactListId'],
      ['a contactListId of 0', [{ contactListId: 0 }], 'inbound.apiKeys.scope[0].contactListId'],
      ['a contactListId that is not a number', [{ contactListId: 'seven' }], 'inbound.apiKeys.scope[0].contactListId'],
      [
        'an importJobId that is a fraction',
        [{ contactListId: 7, importJobId: 1.5 }],
        'inbound.apiKeys.scope[0].importJobId',
      ],
      [
        'customEvents as one string',
        [{ contactListId: 7, customEvents: 'A,B' }],
        'inbound.apiKeys.scope[0].customEvents',
      ],
      ['customEvents as null', [{ contactListId: 7, customEvents: null }], 'inbound.apiKeys.scope[0].customEvents'],
      [
        'a custom event that is not a string',
        [{ contactListId: 7, customEvents: [3] }],
        'inbound.apiKeys.scope[0].customEvents',
      ],
      [
        'a custom event with a comma',
        [{ contactListId: 7, customEvents: ['A,B'] }],
        'inbound.apiKeys.scope[0].customEvents',
      ],
      [
        'the second target broken',
        [{ contactListId: 7 }, { contactListId: -1 }],
        'inbound.apiKeys.scope[1].contactListId',
      ],
    ])('refuses %s, naming it', (_case, scope, field) => {
      // Act
      const problems = problemsOf({ apiKeys: { key: API_KEY, scope } });

      // Assert
      expect(fieldsOf(problems)).toEqual([field]);
    });

    it('refuses a target with members it does not know, naming them', () => {
      // Act
      const problems = problemsOf({ apiKeys: { key: API_KEY, scope: [{ contactListId: 7, importJobIds: [1, 2] }] } });

      // Assert
      expect(problems).toEqual(['field inbound.apiKeys.scope[0] has unknown members (importJobIds)']);
    });
  });

  describe('problems', () => {
    it('reports every problem at once, across entries and schemes, in the order they are written', () => {
      // Arrange
      const raw = {
        apiKeys: [API_KEY, 'short', { key: OTHER_API_KEY, name: 'bad name', scope: [] }],
        standardWebhooksSecret: aSigningSecret(16),
        hmacSha256Secret: [{ secret: HUB_SECRET, scope: [{ contactListId: 'x', importJobId: 0 }] }, 12],
      };

      // Act
      const problems = problemsOf(raw);

      // Assert
      expect(fieldsOf(problems)).toEqual([
        'inbound.apiKeys[1]',
        'inbound.apiKeys[2].name',
        'inbound.apiKeys[2].scope',
        'inbound.standardWebhooksSecret',
        'inbound.hmacSha256Secret[0].scope[0].contactListId',
        'inbound.hmacSha256Secret[0].scope[0].importJobId',
        'inbound.hmacSha256Secret[1]',
      ]);
    });

    it('hands back no credentials at all when one entry is broken, so no half-read list lets callers in', () => {
      // Act
      const reading = readInboundCredentials({ apiKeys: [API_KEY, 'short'] });

      // Assert
      expect(reading).toEqual({ ok: false, problems: [expect.stringContaining('inbound.apiKeys[1]')] });
    });

    it.each([
      ['a short API key', { apiKeys: [`${MARKER}1`] }],
      ['a short API key in an object', { apiKeys: { key: `${MARKER}2`, name: 'zapier' } }],
      ['a short HMAC secret', { hmacSha256Secret: `${MARKER}3` }],
      ['a whsec_ secret that is not base64', { standardWebhooksSecret: `whsec_${MARKER}!4` }],
      [
        'a whsec_ secret too short',
        { standardWebhooksSecret: `whsec_${Buffer.from(`${MARKER}5`).toString('base64')}` },
      ],
      ['a key beside a secret', { apiKeys: { key: `${MARKER}_0123456789_6`, secret: `${MARKER}_0123456789_7` } }],
      ['a name that breaks the rules', { apiKeys: { key: API_KEY, name: `${MARKER} 8` } }],
      ['a scope that is a string', { apiKeys: { key: API_KEY, scope: `${MARKER}9` } }],
      ['a contactListId that is text', { apiKeys: { key: API_KEY, scope: [{ contactListId: `${MARKER}10` }] } }],
      [
        'a custom event that is not allowed',
        { apiKeys: { key: API_KEY, scope: [{ contactListId: 7, customEvents: [`${MARKER},11`] }] } },
      ],
      ['an entry that is a number', { hmacSha256Secret: [Number('1234567890123')] }],
      ['a key pasted as a member name', { apiKeys: { [`ak_live_${MARKER}_0123456789`]: { name: 'zapier' } } }],
    ])('never quotes a value: %s', (_case, raw) => {
      // Act
      const problems = problemsOf(raw);

      // Assert
      expect(problems.join(' ').toUpperCase()).not.toContain(MARKER);
      expect(problems.join(' ')).not.toContain('1234567890123');
    });
  });

  it('counts, without naming, an unknown member that is not a plain field name', () => {
    // Act
    const problems = problemsOf({ apiKeys: { key: API_KEY, sk_live_0123456789abcdef: true, colour: 'red' } });

    // Assert
    expect(problems).toEqual(['field inbound.apiKeys has unknown members (colour, 1 not shown)']);
  });
});
