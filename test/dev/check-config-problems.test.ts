import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../dev/check-config/run-checks';
import { secretProblems } from '../../dev/check-config/secret-problems';
import { type SecretsManagerEndpoint, startSecretsManagerEndpoint } from '../../dev/secrets-manager-endpoint';
import { aSecretJson } from '../support/factories';
import { REPO_ROOT } from '../support/npm-start';
import { registerSecretValue, secretFoundIn } from '../support/secret-registry';

const PLANTED = 'planted-check-value-77e2a9';
registerSecretValue(PLANTED, 'the planted value');

const runFile = promisify(execFile);

/** A secret broken in every part at once: the shape, the base URL and the signing secret. */
const A_SECRET_BROKEN_EVERYWHERE = aSecretJson({
  baseUrl: 'http://which50.example/Which50API',
  auth: { scheme: 'bearer', token: '' },
  inbound: { apiKeys: [PLANTED, ''], standardWebhooksSecret: 'whsec_not base64!' },
});

const EVERY_PROBLEM = [
  'field which50.auth.token is empty or has characters that are not allowed',
  'field inbound.apiKeys[1] must be at least 16 characters',
  'field which50.baseUrl must use https (http is allowed only with ALLOW_HTTP_UPSTREAM=true)',
  'field inbound.standardWebhooksSecret must be whsec_ followed by the base64 of 24 to 64 bytes',
];

describe('secretProblems', () => {
  it('lists every problem of every part at once, each once', () => {
    // Act
    const problems = secretProblems(A_SECRET_BROKEN_EVERYWHERE, { allowHttpUpstream: false });

    // Assert
    expect(problems.toSorted()).toEqual(EVERY_PROBLEM.toSorted());
  });

  it('finds nothing wrong with a good secret', () => {
    // Act
    const problems = secretProblems(aSecretJson(), { allowHttpUpstream: false });

    // Assert
    expect(problems).toEqual([]);
  });

  it('says once that text which is not JSON is not JSON', () => {
    // Act
    const problems = secretProblems(`{"which50": ${PLANTED}`, { allowHttpUpstream: false });

    // Assert
    expect(problems).toEqual(['The secret is not valid JSON.']);
  });
});

describe('npm run check-config on a secret broken everywhere', () => {
  let workDir: string;
  let secrets: SecretsManagerEndpoint;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'check-config-problems-'));
    secrets = await startSecretsManagerEndpoint();
  });
  afterAll(async () => {
    await secrets.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('lists every problem of a secret file at once, each on its own line and once', async () => {
    // Arrange
    const secretFile = join(workDir, 'broken.json');
    await writeFile(secretFile, A_SECRET_BROKEN_EVERYWHERE);

    // Act
    const outcome = await runFile('npm', ['--silent', 'run', 'check-config', '--', '--secret-file', secretFile], {
      cwd: REPO_ROOT,
    }).catch((error: { code: number; stdout: string }) => error);

    // Assert
    expect(outcome).toMatchObject({ code: 1 });
    const findings = outcome.stdout
      .split('\n')
      .filter((line) => line.startsWith('        - '))
      .map((line) => line.slice('        - '.length));
    expect(findings.filter((finding) => EVERY_PROBLEM.includes(finding)).toSorted()).toEqual(EVERY_PROBLEM.toSorted());
    expect(secretFoundIn(outcome.stdout)).toBeUndefined();
  });

  it('lists every problem of a deployed secret at once too', async () => {
    // Arrange
    secrets.putSecret('which50/broken', A_SECRET_BROKEN_EVERYWHERE);
    const endpointBefore = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secrets.url;

    // Act
    const [, secret] = await runChecks(
      { cdkJson: join(REPO_ROOT, 'cdk.json') },
      { SECRET_ID: 'which50/broken' },
    ).finally(() => {
      if (endpointBefore === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
      else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpointBefore;
    });

    // Assert
    expect(secret?.status).toBe('failed');
    expect(secret?.details.toSorted()).toEqual(EVERY_PROBLEM.toSorted());
  });
});
