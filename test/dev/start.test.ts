import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { aSecretJson } from '../support/factories';
import { freePort, type NpmStart, startNpmStart } from '../support/npm-start';
import { registerSecretValue, secretFoundIn } from '../support/secret-registry';

/** A value no message could hold by chance: finding it in what npm start said means a value leaked. */
const PLANTED = 'planted-start-value-5b1f0c';
registerSecretValue(PLANTED, 'the planted value');

const runFile = promisify(execFile);
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/** The lines a command wrote to stderr, blank ones left out. */
const linesOf = (text: string): string[] => text.split('\n').filter((line) => line.trim() !== '');

describe('npm start', () => {
  let workDir: string;
  let running: NpmStart | undefined;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'npm-start-'));
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('prints a curl that, pasted into a shell, runs the demo job', async () => {
    // Arrange
    running = await startNpmStart();
    expect(await running.started).toBeUndefined();
    const curl = running
      .stdout()
      .split('\n')
      .find((line) => line.trim().startsWith('curl '));

    // Act
    const { stdout } = await runFile('bash', ['-c', curl ?? 'false']);

    // Assert
    expect(JSON.parse(stdout)).toMatchObject({ id: 2, contactListId: 1 });
  });

  describe('on a port already in use', () => {
    let holder: Server;
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      holder = createServer();
      await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

    it('exits 1 with one plain sentence naming PORT=, no stack trace', async () => {
      // Act
      running = await startNpmStart({ PORT: String(port) });
      const code = await running.started;

      // Assert
      expect(code).toBe(1);
      expect(linesOf(running.stderr())).toEqual([
        `Port ${port} is already in use (another npm start?): stop what holds it, or choose another port, e.g. PORT=${port + 1} npm start.`,
      ]);
      expect(running.stderr()).not.toMatch(STACK_FRAME);
    });
  });

  it('refuses a PORT that is not a port number in one sentence', async () => {
    // Act
    running = await startNpmStart({ PORT: 'three-thousand' });
    const code = await running.started;

    // Assert
    expect(code).toBe(1);
    expect(linesOf(running.stderr())).toEqual([
      'PORT must be a port number from 0 to 65535, e.g. PORT=3001 npm start.',
    ]);
  });

  describe('with a broken LOCAL_SECRET_FILE', () => {
    it('names every broken field at start, in one sentence, without a value, and still serves /health', async () => {
      // Arrange
      const secretFile = join(workDir, 'broken.json');
      const text = aSecretJson({
        baseUrl: 'http://which50.example/Which50API',
        auth: { scheme: 'bearer', token: '' },
        inbound: { apiKeys: [PLANTED, ''], standardWebhooksSecret: 'whsec_not base64!' },
      });
      await writeFile(secretFile, text);

      // Act
      running = await startNpmStart({ LOCAL_SECRET_FILE: secretFile });
      const code = await running.started;

      // Assert
      expect(code).toBeUndefined();
      const [sentence, ...rest] = linesOf(running.stderr());
      expect(rest).toEqual([]);
      expect(sentence).toMatch(new RegExp(`^The secret file ${secretFile} \\(LOCAL_SECRET_FILE\\) is broken: `));
      for (const field of [
        'which50.auth.token',
        'which50.baseUrl must use https',
        'inbound.apiKeys[1]',
        'inbound.standardWebhooksSecret',
      ]) {
        expect(sentence).toContain(field);
      }
      expect(sentence?.split('which50.auth.token')).toHaveLength(2);
      expect(secretFoundIn(running.stdout() + running.stderr())).toBeUndefined();
      expect((await fetch(`${running.url}/health`)).status).toBe(200);
    });

    it('says at start that the file cannot be read, naming the variable', async () => {
      // Act
      running = await startNpmStart({ LOCAL_SECRET_FILE: join(workDir, 'missing.json') });
      await running.started;

      // Assert
      expect(linesOf(running.stderr())).toEqual([
        `LOCAL_SECRET_FILE names ${join(workDir, 'missing.json')}, which cannot be read (ENOENT): fix the path; until then every route but /health and /openapi.json answers 500.`,
      ]);
    });

    it('says nothing at start about a good file', async () => {
      // Arrange
      const secretFile = join(workDir, 'good.json');
      await writeFile(secretFile, aSecretJson());

      // Act
      running = await startNpmStart({ LOCAL_SECRET_FILE: secretFile });
      await running.started;

      // Assert
      expect(running.stderr()).toBe('');
    });
  });
});
