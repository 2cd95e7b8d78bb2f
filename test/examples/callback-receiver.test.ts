import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackEvent } from '../../lambda/runs/callback-event';
import { createCallbackDeliverer } from '../../lambda/runs/deliver-callback';
import { aRunCommand } from '../support/factories';
import { anImportJob } from '../support/run-record-factories';
import { registerSecretValue } from '../support/secret-registry';

const RECEIVER = join(import.meta.dirname, '..', '..', 'examples', 'callback-receiver.mjs');
const SIGNING_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const LOCAL_POLICY = { allowHttp: true, allowedHosts: undefined } as const;

describe('examples/callback-receiver.mjs, as the docs start it, against the adapter’s own deliverer', () => {
  let receiver: ChildProcess;
  let url: string;
  const printed: string[] = [];

  beforeAll(async () => {
    registerSecretValue(SIGNING_SECRET, 'outbound.callbackSigningSecret');
    receiver = spawn(process.execPath, [RECEIVER], {
      env: { PATH: process.env.PATH ?? '', CALLBACK_SIGNING_SECRET: SIGNING_SECRET, RECEIVER_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    createInterface({ input: receiver.stdout! }).on('line', (line) => printed.push(line));
    const [line] = (await once(createInterface({ input: receiver.stderr! }), 'line')) as [string];
    url = /(http:\/\/localhost:\d+\/)/.exec(line)?.[1] ?? '';
  });

  afterAll(() => {
    receiver.kill();
  });

  const anEvent = (runId: string) =>
    callbackEvent({
      type: 'import.finished',
      runId,
      command: aRunCommand(),
      importJob: anImportJob({ progressPercent: 100, finishDate: '2026-12-02T10:00:09.000Z' }),
      problem: null,
      at: new Date(),
    });

  it('accepts a callback signed with its secret and prints the event once, however often it comes', async () => {
    // Arrange
    const deliver = createCallbackDeliverer({ signingSecret: SIGNING_SECRET, policy: LOCAL_POLICY });
    const event = anEvent('run-example-1');

    // Act
    const first = await deliver({ url, ...event });
    const retry = await deliver({ url, ...event });

    // Assert
    expect(first).toEqual({ outcome: 'delivered', status: 204 });
    expect(retry).toEqual({ outcome: 'delivered', status: 204 });
    expect(printed.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ id: 'run-example-1.import.finished', type: 'import.finished', runId: 'run-example-1' }),
    ]);
  });

  it('refuses (400) a callback signed with another secret, so the adapter retries it', async () => {
    // Arrange
    const forged = createCallbackDeliverer({
      signingSecret: `whsec_${randomBytes(32).toString('base64')}`,
      policy: LOCAL_POLICY,
    });

    // Act
    const attempt = await forged({ url, ...anEvent('run-example-2') });

    // Assert
    expect(attempt).toMatchObject({ outcome: 'retry', status: 400 });
    expect(printed.some((line) => line.includes('run-example-2'))).toBe(false);
  });
});
