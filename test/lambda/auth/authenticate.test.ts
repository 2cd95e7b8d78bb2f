import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { authenticate, type InboundRequest } from '../../../lambda/auth/authenticate';
import { AN_API_KEY, problemThrownBy } from '../../support/factories';

const RUN_BODY = Buffer.from('{"contactListId":1,"importJobId":2}', 'utf8');

/** A request with the run payload and the given headers (names already lower-cased). */
const aRequest = (headers: Record<string, string> = {}): InboundRequest => ({ headers, rawBody: RUN_BODY });

describe('authenticate', () => {
  describe('API keys', () => {
    it('lets in a request with a configured key in x-api-key', () => {
      // Arrange
      const request = aRequest({ 'x-api-key': AN_API_KEY });

      // Act
      const act = () => authenticate(request, { apiKeys: [AN_API_KEY] });

      // Assert
      expect(act).not.toThrow();
    });

    it('lets in a request with a configured key as Authorization: bearer', () => {
      // Arrange
      const request = aRequest({ authorization: `bearer ${AN_API_KEY}` });

      // Act
      const act = () => authenticate(request, { apiKeys: [AN_API_KEY] });

      // Assert
      expect(act).not.toThrow();
    });

    it('lets in either key while keys are rotated', () => {
      // Arrange
      const inbound = { apiKeys: ['key-old', 'key-new'] };

      // Act
      const acts = ['key-old', 'key-new'].map((key) => () => authenticate(aRequest({ 'x-api-key': key }), inbound));

      // Assert
      for (const act of acts) expect(act).not.toThrow();
    });

    it('refuses a wrong key with 401', () => {
      // Arrange
      const request = aRequest({ 'x-api-key': 'key-guessed' });

      // Act
      const problem = problemThrownBy(() => authenticate(request, { apiKeys: [AN_API_KEY] }));

      // Assert
      expect(problem.status).toBe(401);
      expect(problem.title).toBe('Unauthorized');
    });

    it('refuses a request without any credential with 401', () => {
      // Arrange
      const request = aRequest();

      // Act
      const problem = problemThrownBy(() => authenticate(request, { apiKeys: [AN_API_KEY] }));

      // Assert
      expect(problem.status).toBe(401);
    });

    it('answers a 401 that carries WWW-Authenticate', () => {
      // Arrange
      const request = aRequest({ authorization: 'Bearer key-guessed' });

      // Act
      const problem = problemThrownBy(() => authenticate(request, { apiKeys: [AN_API_KEY] }));

      // Assert
      expect(problem.headers['WWW-Authenticate']).toMatch(/^Bearer\b/);
    });

    it('never quotes the presented or the configured key in its answer', () => {
      // Arrange
      const request = aRequest({ 'x-api-key': 'presented-MARKER' });

      // Act
      const problem = problemThrownBy(() => authenticate(request, { apiKeys: ['configured-MARKER'] }));

      // Assert
      expect(`${problem.message} ${JSON.stringify(problem)}`).not.toContain('MARKER');
    });
  });

  describe('a secret that enables no inbound scheme lets nothing in', () => {
    it.each([
      ['no inbound part', {}],
      ['an empty list of keys', { apiKeys: [] }],
    ])('refuses with 401 when the secret has %s, whatever the request presents', (_case, inbound) => {
      // Arrange
      const request = aRequest({ 'x-api-key': AN_API_KEY, authorization: `Bearer ${AN_API_KEY}` });

      // Act
      const problem = problemThrownBy(() => authenticate(request, inbound));

      // Assert
      expect(problem.status).toBe(401);
      expect(problem.headers).toHaveProperty('WWW-Authenticate');
    });
  });

  describe('signature schemes enabled in the secret', () => {
    it('lets in a request signed per Standard Webhooks when standardWebhooksSecret is set', () => {
      // Arrange
      const secret = `whsec_${Buffer.from('standard-webhooks-test-key-32byte').toString('base64')}`;
      const sentAt = new Date();
      const signature = new Webhook(secret).sign('msg_1', sentAt, RUN_BODY.toString('utf8'));
      const request = aRequest({
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
      });

      // Act
      const act = () => authenticate(request, { standardWebhooksSecret: secret });

      // Assert
      expect(act).not.toThrow();
    });

    it('lets in a request with a valid x-hub-signature-256 when hmacSha256Secret is set', () => {
      // Arrange
      const secret = 'hub-test-secret';
      const digest = createHmac('sha256', secret).update(RUN_BODY).digest('hex');
      const request = aRequest({ 'x-hub-signature-256': `sha256=${digest}` });

      // Act
      const act = () => authenticate(request, { hmacSha256Secret: secret });

      // Assert
      expect(act).not.toThrow();
    });

    it('still refuses an unsigned request when only signature schemes are enabled', () => {
      // Arrange
      const request = aRequest();

      // Act
      const problem = problemThrownBy(() =>
        authenticate(request, { standardWebhooksSecret: 'whsec_dGVzdA==', hmacSha256Secret: 'hub-test-secret' }),
      );

      // Assert
      expect(problem.status).toBe(401);
    });
  });

  describe('several schemes at once', () => {
    const swSecret = `whsec_${Buffer.from('standard-webhooks-test-key-32byte').toString('base64')}`;
    const hubSecret = 'hub-test-secret';
    const allSchemes = { apiKeys: [AN_API_KEY], standardWebhooksSecret: swSecret, hmacSha256Secret: hubSecret };
    const sentAt = new Date('2026-11-26T10:00:00.000Z');

    /** The Standard Webhooks headers for the run payload, signed by the reference library. */
    const standardWebhookHeaders = (secret = swSecret): Record<string, string> => ({
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign('msg_1', sentAt, RUN_BODY.toString('utf8')),
    });

    it('lets in a valid signature even beside a wrong API key', () => {
      // Arrange
      const request = aRequest({ 'x-api-key': 'key-guessed', ...standardWebhookHeaders() });

      // Act
      const act = () => authenticate(request, allSchemes, { now: sentAt });

      // Assert
      expect(act).not.toThrow();
    });

    it('lets in a hub signature when the Standard Webhooks headers are wrong', () => {
      // Arrange
      const digest = createHmac('sha256', hubSecret).update(RUN_BODY).digest('hex');
      const request = aRequest({
        ...standardWebhookHeaders('whsec_b3RoZXIta2V5'),
        'x-hub-signature-256': `sha256=${digest}`,
      });

      // Act
      const act = () => authenticate(request, allSchemes, { now: sentAt });

      // Assert
      expect(act).not.toThrow();
    });

    it('ignores a signature for a scheme the secret does not enable', () => {
      // Arrange
      const digest = createHmac('sha256', hubSecret).update(RUN_BODY).digest('hex');
      const request = aRequest({ 'x-hub-signature-256': `sha256=${digest}` });

      // Act
      const problem = problemThrownBy(() => authenticate(request, { apiKeys: [AN_API_KEY] }));

      // Assert
      expect(problem.status).toBe(401);
    });

    it('says a genuine signature is outside the tolerance, and no more', () => {
      // Arrange
      const request = aRequest(standardWebhookHeaders());
      const muchLater = new Date(sentAt.getTime() + 301_000);

      // Act
      const problem = problemThrownBy(() => authenticate(request, allSchemes, { now: muchLater }));

      // Assert
      expect(problem.status).toBe(401);
      expect(problem.detail).toMatch(/timestamp is outside the tolerance/);
    });

    it('applies the tolerance it is given', () => {
      // Arrange
      const request = aRequest(standardWebhookHeaders());

      // Act
      const problem = problemThrownBy(() =>
        authenticate(request, allSchemes, { now: new Date(sentAt.getTime() + 61_000), toleranceSeconds: 60 }),
      );

      // Assert
      expect(problem.status).toBe(401);
    });

    it('gives the same generic refusal for a forged signature and for none', () => {
      // Arrange
      const forged = aRequest(standardWebhookHeaders('whsec_b3RoZXIta2V5'));

      // Act
      const [forgedProblem, unsignedProblem] = [forged, aRequest()].map((request) =>
        problemThrownBy(() => authenticate(request, allSchemes, { now: sentAt })),
      );

      // Assert
      expect(forgedProblem?.detail).toBe(unsignedProblem?.detail);
      expect(forgedProblem?.detail).not.toMatch(/tolerance/);
    });

    it('answers 500 naming the field when the Standard Webhooks secret is not whsec_ base64', () => {
      // Arrange
      const request = aRequest({ 'x-api-key': AN_API_KEY });

      // Act
      const problem = problemThrownBy(() =>
        authenticate(request, { apiKeys: [AN_API_KEY], standardWebhooksSecret: 'whsec_not base64!' }),
      );

      // Assert
      expect(problem.status).toBe(500);
      expect(problem.detail).toContain('inbound.standardWebhooksSecret');
      expect(problem.detail).not.toContain('not base64');
    });
  });
});
