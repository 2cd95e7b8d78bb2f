import { sign } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { describe, expect, it } from 'vitest';
import { authenticate, type InboundRequest } from '../../../lambda/auth/authenticate';
import { parseAdapterSecret } from '../../../lambda/secrets/adapter-secret';
import { AN_API_KEY, anInbound, aSecretJson, problemRejectedBy } from '../../support/factories';

const RUN_TEXT = '{"contactListId":1,"importJobId":2}';
const RUN_BODY = Buffer.from(RUN_TEXT, 'utf8');
const OLD_KEY = 'key-old-rotating-0001';
const NEW_KEY = 'key-new-rotating-0002';
const SW_SECRET = `whsec_${Buffer.from('standard-webhooks-test-key-32byte').toString('base64')}`;
const OTHER_SW_SECRET = `whsec_${Buffer.from('another-senders-signing-key-0001').toString('base64')}`;
const HUB_SECRET = 'hub-test-secret-0001';
const OTHER_HUB_SECRET = 'hub-test-secret-0002';
const SENT_AT = new Date('2026-11-26T10:00:00.000Z');

/** A request with the run payload and the given headers (names already lower-cased). */
const aRequest = (headers: Record<string, string> = {}): InboundRequest => ({ headers, rawBody: RUN_BODY });

/** The Standard Webhooks headers for the run payload, signed by the reference library. */
const standardWebhookHeaders = (secret = SW_SECRET, id = 'msg_1'): Record<string, string> => ({
  'webhook-id': id,
  'webhook-timestamp': String(Math.floor(SENT_AT.getTime() / 1000)),
  'webhook-signature': new Webhook(secret).sign(id, SENT_AT, RUN_TEXT),
});

/** The same scheme under Svix's header names, signed by Svix's own library. */
const svixHeaders = (secret = SW_SECRET, id = 'msg_svix_1'): Record<string, string> => ({
  'svix-id': id,
  'svix-timestamp': String(Math.floor(SENT_AT.getTime() / 1000)),
  'svix-signature': new SvixWebhook(secret).sign(id, SENT_AT, RUN_TEXT),
});

/** A GitHub-style `x-hub-signature-256` over the run payload, made by Octokit. */
const hubHeaders = async (secret = HUB_SECRET): Promise<Record<string, string>> => ({
  'x-hub-signature-256': await sign(secret, RUN_TEXT),
});

describe('authenticate', () => {
  describe('API keys', () => {
    it('lets in a request with a configured key in x-api-key, as the api-key principal', async () => {
      // Arrange
      const request = aRequest({ 'x-api-key': AN_API_KEY });

      // Act
      const authentication = await authenticate(request, anInbound({ apiKeys: [AN_API_KEY] }));

      // Assert
      expect(authentication).toEqual({
        principal: { name: 'api-key', scheme: 'api-key', scope: undefined },
        signed: false,
      });
    });

    it('lets in a request with a configured key as Authorization: bearer', async () => {
      // Arrange
      const request = aRequest({ authorization: `bearer ${AN_API_KEY}` });

      // Act
      const authentication = await authenticate(request, anInbound({ apiKeys: [AN_API_KEY] }));

      // Assert
      expect(authentication.principal.scheme).toBe('api-key');
    });

    it('lets in either key while keys are rotated, as one principal', async () => {
      // Arrange
      const inbound = anInbound({ apiKeys: [OLD_KEY, NEW_KEY] });

      // Act
      const authentications = await Promise.all(
        [OLD_KEY, NEW_KEY].map((key) => authenticate(aRequest({ 'x-api-key': key }), inbound)),
      );

      // Assert
      expect(authentications.map(({ principal }) => principal.name)).toEqual(['api-key', 'api-key']);
    });

    it('names the principal of the second entry when its key is the one presented', async () => {
      // Arrange
      const inbound = anInbound({
        apiKeys: [
          { key: OLD_KEY, name: 'crm' },
          { key: NEW_KEY, name: 'zapier' },
        ],
      });

      // Act
      const { principal } = await authenticate(aRequest({ 'x-api-key': NEW_KEY }), inbound);

      // Assert
      expect(principal.name).toBe('zapier');
    });

    it("carries the entry's scope in the principal", async () => {
      // Arrange
      const inbound = anInbound({ apiKeys: [{ key: AN_API_KEY, name: 'zapier', scope: [{ contactListId: 7 }] }] });

      // Act
      const { principal } = await authenticate(aRequest({ 'x-api-key': AN_API_KEY }), inbound);

      // Assert
      expect(principal.scope).toEqual([{ contactListId: 7 }]);
    });

    it('gives an API-key request no message id, even when it sends webhook-id', async () => {
      // Arrange
      const request = aRequest({ 'x-api-key': AN_API_KEY, 'webhook-id': 'msg_reserved_by_someone_else' });

      // Act
      const authentication = await authenticate(request, anInbound({ apiKeys: [AN_API_KEY] }));

      // Assert
      expect(authentication.messageId).toBeUndefined();
      expect(authentication.signed).toBe(false);
    });

    it('refuses a wrong key with 401', async () => {
      // Arrange
      const request = aRequest({ 'x-api-key': 'key-guessed-0000-0000' });

      // Act
      const problem = await problemRejectedBy(() => authenticate(request, anInbound({ apiKeys: [AN_API_KEY] })));

      // Assert
      expect(problem.status).toBe(401);
      expect(problem.title).toBe('Unauthorized');
    });

    it('refuses a request without any credential with 401', async () => {
      // Arrange
      const request = aRequest();

      // Act
      const problem = await problemRejectedBy(() => authenticate(request, anInbound({ apiKeys: [AN_API_KEY] })));

      // Assert
      expect(problem.status).toBe(401);
    });

    it('answers a 401 that carries WWW-Authenticate', async () => {
      // Arrange
      const request = aRequest({ authorization: 'Bearer key-guessed-0000-0000' });

      // Act
      const problem = await problemRejectedBy(() => authenticate(request, anInbound({ apiKeys: [AN_API_KEY] })));

      // Assert
      expect(problem.headers['WWW-Authenticate']).toMatch(/^Bearer\b/);
    });

    it('never quotes the presented or the configured key in its answer', async () => {
      // Arrange
      const request = aRequest({ 'x-api-key': 'presented-key-MARKER' });

      // Act
      const problem = await problemRejectedBy(() =>
        authenticate(request, anInbound({ apiKeys: [{ key: 'configured-key-MARKER', name: 'crm' }] })),
      );

      // Assert
      expect(`${problem.message} ${JSON.stringify(problem)}`).not.toContain('MARKER');
    });
  });

  describe('a secret that enables no inbound scheme lets nothing in', () => {
    it.each([
      [
        'no inbound part',
        parseAdapterSecret(aSecretJson({ inbound: undefined }), { allowHttpUpstream: false }).inbound,
      ],
      ['an empty inbound part', anInbound({})],
      ['an empty list of keys', anInbound({ apiKeys: [] })],
    ])('refuses with 401 when the secret has %s, whatever the request presents', async (_case, inbound) => {
      // Arrange
      const request = aRequest({ 'x-api-key': AN_API_KEY, authorization: `Bearer ${AN_API_KEY}` });

      // Act
      const problem = await problemRejectedBy(() => authenticate(request, inbound));

      // Assert
      expect(problem.status).toBe(401);
      expect(problem.headers).toHaveProperty('WWW-Authenticate');
    });
  });

  describe('signature schemes enabled in the secret', () => {
    it('lets in a Standard Webhooks delivery as a signed request carrying its verified id', async () => {
      // Arrange
      const request = aRequest(standardWebhookHeaders());

      // Act
      const authentication = await authenticate(request, anInbound({ standardWebhooksSecret: SW_SECRET }), {
        now: SENT_AT,
      });

      // Assert
      expect(authentication).toEqual({
        principal: { name: 'standard-webhooks', scheme: 'standard-webhooks', scope: undefined },
        signed: true,
        messageId: 'msg_1',
      });
    });

    it('lets in a delivery signed by Svix under its own header names, keyed on svix-id', async () => {
      // Arrange
      const request = aRequest(svixHeaders());

      // Act
      const authentication = await authenticate(request, anInbound({ standardWebhooksSecret: SW_SECRET }), {
        now: SENT_AT,
      });

      // Assert
      expect(authentication.principal.scheme).toBe('standard-webhooks');
      expect(authentication.messageId).toBe('msg_svix_1');
    });

    it('names the principal of the second Standard Webhooks entry when its secret signed the delivery', async () => {
      // Arrange
      const inbound = anInbound({
        standardWebhooksSecret: [
          { secret: SW_SECRET, name: 'billing' },
          { secret: OTHER_SW_SECRET, name: 'crm' },
        ],
      });
      const request = aRequest(standardWebhookHeaders(OTHER_SW_SECRET));

      // Act
      const { principal } = await authenticate(request, inbound, { now: SENT_AT });

      // Assert
      expect(principal.name).toBe('crm');
    });

    it('lets in a valid x-hub-signature-256 as a signed request without a message id', async () => {
      // Arrange
      const request = aRequest(await hubHeaders());

      // Act
      const authentication = await authenticate(request, anInbound({ hmacSha256Secret: HUB_SECRET }));

      // Assert
      expect(authentication).toEqual({
        principal: { name: 'hub-signature', scheme: 'hub-signature', scope: undefined },
        signed: true,
      });
    });

    it('names the principal of the second hub entry when its secret signed the delivery', async () => {
      // Arrange
      const inbound = anInbound({
        hmacSha256Secret: [
          { secret: HUB_SECRET, name: 'github-one' },
          { secret: OTHER_HUB_SECRET, name: 'github-two' },
        ],
      });
      const request = aRequest(await hubHeaders(OTHER_HUB_SECRET));

      // Act
      const { principal } = await authenticate(request, inbound);

      // Assert
      expect(principal.name).toBe('github-two');
    });

    it('still refuses an unsigned request when only signature schemes are enabled', async () => {
      // Arrange
      const request = aRequest();

      // Act
      const problem = await problemRejectedBy(() =>
        authenticate(request, anInbound({ standardWebhooksSecret: SW_SECRET, hmacSha256Secret: HUB_SECRET })),
      );

      // Assert
      expect(problem.status).toBe(401);
    });
  });

  describe('several schemes at once', () => {
    const allSchemes = anInbound({
      apiKeys: [AN_API_KEY],
      standardWebhooksSecret: SW_SECRET,
      hmacSha256Secret: HUB_SECRET,
    });

    it('lets in a valid signature even beside a wrong API key', async () => {
      // Arrange
      const request = aRequest({ 'x-api-key': 'key-guessed-0000-0000', ...standardWebhookHeaders() });

      // Act
      const { principal } = await authenticate(request, allSchemes, { now: SENT_AT });

      // Assert
      expect(principal.scheme).toBe('standard-webhooks');
    });

    it('judges a valid API key first: the request is not signed and has no message id', async () => {
      // Arrange
      const request = aRequest({ 'x-api-key': AN_API_KEY, ...standardWebhookHeaders() });

      // Act
      const authentication = await authenticate(request, allSchemes, { now: SENT_AT });

      // Assert
      expect(authentication).toEqual({
        principal: { name: 'api-key', scheme: 'api-key', scope: undefined },
        signed: false,
      });
    });

    it('lets in a hub signature when the Standard Webhooks headers are wrong', async () => {
      // Arrange
      const request = aRequest({ ...standardWebhookHeaders(OTHER_SW_SECRET), ...(await hubHeaders()) });

      // Act
      const authentication = await authenticate(request, allSchemes, { now: SENT_AT });

      // Assert
      expect(authentication.principal.scheme).toBe('hub-signature');
      expect(authentication.messageId).toBeUndefined();
    });

    it('ignores a signature for a scheme the secret does not enable', async () => {
      // Arrange
      const request = aRequest(await hubHeaders());

      // Act
      const problem = await problemRejectedBy(() => authenticate(request, anInbound({ apiKeys: [AN_API_KEY] })));

      // Assert
      expect(problem.status).toBe(401);
    });

    it('says a genuine signature is outside the tolerance, and no more', async () => {
      // Arrange
      const request = aRequest(standardWebhookHeaders());
      const muchLater = new Date(SENT_AT.getTime() + 301_000);

      // Act
      const problem = await problemRejectedBy(() => authenticate(request, allSchemes, { now: muchLater }));

      // Assert
      expect(problem.status).toBe(401);
      expect(problem.detail).toMatch(/timestamp is outside the tolerance/);
    });

    it('applies the tolerance it is given', async () => {
      // Arrange
      const request = aRequest(standardWebhookHeaders());

      // Act
      const problem = await problemRejectedBy(() =>
        authenticate(request, allSchemes, { now: new Date(SENT_AT.getTime() + 61_000), toleranceSeconds: 60 }),
      );

      // Assert
      expect(problem.status).toBe(401);
    });

    it('gives the same generic refusal for a forged signature and for none', async () => {
      // Arrange
      const forged = aRequest(standardWebhookHeaders(OTHER_SW_SECRET));

      // Act
      const [forgedProblem, unsignedProblem] = await Promise.all(
        [forged, aRequest()].map((request) =>
          problemRejectedBy(() => authenticate(request, allSchemes, { now: SENT_AT })),
        ),
      );

      // Assert
      expect(forgedProblem?.detail).toBe(unsignedProblem?.detail);
      expect(forgedProblem?.detail).not.toMatch(/tolerance/);
    });
  });
});
