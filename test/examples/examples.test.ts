import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkSecret } from '../../dev/check-config/secret-check';
import { parseSchedulesContext } from '../../infra/schedules-context';
import { parseAdapterSecret } from '../../lambda/secrets/adapter-secret';
import { type AdapterHarness, startAdapterHarness } from '../support/adapter-harness';
import { IMPORT_JOB_FIELDS } from '../support/import-job-factories';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const runFile = promisify(execFile);

interface SampleSecret {
  which50: { baseUrl: string; auth: unknown };
  inbound: Record<string, unknown>;
}

const readSample = async <T>(name: string): Promise<T> => JSON.parse(await readFile(join(EXAMPLES, name), 'utf8')) as T;

/** The sample secret, pointed at the sandbox in place of the local upstream it names. */
const sampleSecretFor = (sample: SampleSecret, baseUrl: string): SampleSecret => ({
  ...sample,
  which50: { ...sample.which50, baseUrl },
});

/** The ImportJob a script printed, after checking it has exactly the normalized members. */
const importJobIn = (stdout: string): Record<string, unknown> => {
  const job = JSON.parse(stdout) as Record<string, unknown>;
  expect(Object.keys(job).sort()).toEqual(IMPORT_JOB_FIELDS.toSorted());
  return job;
};

describe('the example scripts, against the local server with the sample secret', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    const sample = await readSample<SampleSecret>('secret.sample.json');
    harness = await startAdapterHarness({ secret: (sandbox) => sampleSecretFor(sample, sandbox.baseUrl) });
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.sandbox.reset());

  /**
   * Runs one script with bash, as a reader would, in an environment holding only PATH, the
   * server's URL and the test's variables, so that the scripts' own defaults are what is tried.
   */
  const runExample = async (script: string, env: Record<string, string> = {}) => {
    try {
      const { stdout, stderr } = await runFile('bash', [join(EXAMPLES, script)], {
        env: { PATH: process.env.PATH ?? '', URL: harness.url, ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
      return { code, stdout, stderr };
    }
  };

  it('api-key-json.sh runs the job with a JSON body and prints the ImportJob', async () => {
    // Act
    const { code, stdout } = await runExample('api-key-json.sh');

    // Assert
    expect(code).toBe(0);
    expect(importJobIn(stdout)).toMatchObject({ id: 2, contactListId: 1, currentStatus: 'Finished' });
    expect(harness.sandbox.runRequests(1, 2).map((run) => run.customEvents)).toEqual([['SendWelcomeEmail']]);
  });

  it('api-key-form.sh runs the job with a form body, as Zapier sends it', async () => {
    // Act
    const { code, stdout } = await runExample('api-key-form.sh');

    // Assert
    expect(code).toBe(0);
    expect(importJobIn(stdout)).toMatchObject({ id: 2, contactListId: 1 });
    const runs = harness.sandbox.runRequests(1, 2);
    expect(runs.map((run) => run.customEvents)).toEqual([['SendWelcomeEmail', 'Send Invite']]);
  });

  it('standard-webhooks.sh signs the delivery with openssl and the adapter accepts it', async () => {
    // Act
    const { code, stdout } = await runExample('standard-webhooks.sh');

    // Assert
    expect(code).toBe(0);
    expect(importJobIn(stdout)).toMatchObject({ id: 2, contactListId: 1 });
    expect(harness.sandbox.runRequests(1, 2)).toHaveLength(1);
  });

  it('standard-webhooks.sh sent again with the same id gets the first answer replayed, and no second run', async () => {
    // Arrange
    const env = { WEBHOOK_ID: `msg_${randomUUID()}` };
    const first = await runExample('standard-webhooks.sh', env);

    // Act
    const repeat = await runExample('standard-webhooks.sh', env);

    // Assert
    expect(repeat.code).toBe(0);
    expect(importJobIn(repeat.stdout)).toEqual(JSON.parse(first.stdout));
    expect(repeat.stderr).toMatch(/^idempotent-replayed: true\r?$/im);
    expect(first.stderr).not.toMatch(/idempotent-replayed/i);
    expect(harness.sandbox.runRequests(1, 2)).toHaveLength(1);
  });

  it('hub-signature.sh signs the body GitHub-style and the adapter accepts it', async () => {
    // Act
    const { code, stdout } = await runExample('hub-signature.sh');

    // Assert
    expect(code).toBe(0);
    expect(importJobIn(stdout)).toMatchObject({ id: 2, contactListId: 1 });
    expect(harness.sandbox.runRequests(1, 2)).toHaveLength(1);
  });

  it('status.sh reads the job without running it', async () => {
    // Act
    const { code, stdout } = await runExample('status.sh');

    // Assert
    expect(code).toBe(0);
    expect(importJobIn(stdout)).toMatchObject({ id: 2, contactListId: 1 });
    expect(harness.sandbox.runRequests()).toHaveLength(0);
  });

  it('a script given a key the secret does not hold prints the 401 problem and exits 1', async () => {
    // Act
    const { code, stdout } = await runExample('api-key-json.sh', { API_KEY: 'a-key-nobody-issued' });

    // Assert
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(harness.sandbox.runRequests()).toHaveLength(0);
  });
});

describe('the sample configuration', () => {
  it('secret.sample.json is a valid secret for a local upstream, enabling all three inbound schemes', async () => {
    // Arrange
    const text = await readFile(join(EXAMPLES, 'secret.sample.json'), 'utf8');
    const loadSecret = async () => parseAdapterSecret(text, { allowHttpUpstream: true });

    // Act
    const { result, secret } = await checkSecret(loadSecret, 'secret.sample.json');

    // Assert
    expect(result.status).toBe('passed');
    expect(result.details).toContain('inbound schemes: API key (1 entry), Standard Webhooks (1 entry), x-hub-signature-256 (1 entry)');
    expect(secret?.which50.baseUrl.hostname).toBe('127.0.0.1');
  });

  it('schedules.sample.json passes the schedules parser the stack uses', async () => {
    // Arrange
    const { schedules } = await readSample<{ schedules: unknown }>('schedules.sample.json');

    // Act
    const parsed = parseSchedulesContext(schedules);

    // Assert
    expect(parsed.map(({ name }) => name)).toEqual(['nightly-welcome', 'hourly-refresh']);
  });
});
