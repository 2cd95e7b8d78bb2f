import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCallbackDeliverer } from '../../../lambda/runs/deliver-callback';
import { type CallbackReceiver, startCallbackReceiver } from '../../support/callback-receiver';
import { registerSecretValue } from '../../support/secret-registry';

const SIGNING_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const LOCAL = { allowHttp: true, allowedHosts: undefined } as const;
const DEPLOYED = { allowHttp: false, allowedHosts: undefined } as const;

describe('createCallbackDeliverer', () => {
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    registerSecretValue(SIGNING_SECRET, 'outbound.callbackSigningSecret');
    receiver = await startCallbackReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(() => receiver.reset());

  /** The receiver's URL under a made-up host name, which the test's resolver answers. */
  const underName = (name: string): string => {
    const url = new URL(receiver.url);
    return `http://${name}:${url.port}${url.pathname}`;
  };
  const anEvent = { webhookId: 'run_x.import.finished', body: '{"type":"import.finished"}' };

  it('sends a callback the standardwebhooks library verifies, to the address it checked', async () => {
    // Arrange
    const deliver = createCallbackDeliverer({
      signingSecret: SIGNING_SECRET,
      policy: LOCAL,
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    });

    // Act
    const attempt = await deliver({ url: underName('hooks.example.test'), ...anEvent });

    // Assert
    expect(attempt).toEqual({ outcome: 'delivered', status: 200 });
    const [delivery] = receiver.deliveries;
    expect(new Webhook(SIGNING_SECRET).verify(delivery!.body, delivery!.headers as Record<string, string>)).toEqual({
      type: 'import.finished',
    });
    expect(delivery!.headers.host).toContain('hooks.example.test');
    expect(JSON.stringify(attempt)).not.toContain(SIGNING_SECRET);
  });

  it('never connects when a name resolves to a public and a private address (rebinding)', async () => {
    // Arrange
    const deliver = createCallbackDeliverer({
      signingSecret: SIGNING_SECRET,
      policy: LOCAL,
      resolve: async () => [
        { address: '203.0.113.10', family: 4 },
        { address: '10.0.0.5', family: 4 },
      ],
    });

    // Act
    const attempt = await deliver({ url: underName('rebind.example.test'), ...anEvent });

    // Assert
    expect(attempt.outcome).toBe('forbidden');
    expect(receiver.deliveries).toHaveLength(0);
  });

  it('never connects to loopback when deployed, even by a name', async () => {
    // Arrange
    const deliver = createCallbackDeliverer({
      signingSecret: SIGNING_SECRET,
      policy: DEPLOYED,
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    });

    // Act
    const attempt = await deliver({ url: 'https://innocent.example.test/hook', ...anEvent });

    // Assert
    expect(attempt.outcome).toBe('forbidden');
    expect(receiver.deliveries).toHaveLength(0);
  });
});
