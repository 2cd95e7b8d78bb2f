import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckResult, exitCodeFor, failed, passed, skipped, warned } from '../../dev/check-config/check-result';
import { parseCheckArguments } from '../../dev/check-config/cli-arguments';
import { checkEnvironment } from '../../dev/check-config/environment-check';
import { pingImportJob, readJobRef } from '../../dev/check-config/ping-check';
import { formatReport } from '../../dev/check-config/report';
import { runChecks } from '../../dev/check-config/run-checks';
import { checkSecret } from '../../dev/check-config/secret-check';
import { locateSecret, type SecretFlags, type SecretLocation } from '../../dev/check-config/secret-location';
import { checkCdkJson, checkStackContext } from '../../dev/check-config/stack-context-check';
import { type SecretsManagerEndpoint, startSecretsManagerEndpoint } from '../../dev/secrets-manager-endpoint';
import { startWhich50Sandbox, type Which50Sandbox } from '../../dev/which50-sandbox';
import { buildAdapter } from '../../lambda/adapter';
import type { Environment } from '../../lambda/config';
import { parseAdapterSecret } from '../../lambda/secrets/adapter-secret';
import {
  A_CALLBACK_SIGNING_SECRET,
  anAdapterConfig,
  aSecretDocument,
  aSecretJson,
  type SecretDocumentOverrides,
} from '../support/factories';
import { registerSecretValue, secretFoundIn } from '../support/secret-registry';

/** A value no message could hold by chance: finding it in a report means a value leaked. */
const PLANTED = 'planted-value-9c4e71d2';
registerSecretValue(PLANTED, 'the planted value');

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const runFile = promisify(execFile);

/** A secret source that parses `text` with the function's own parser, as the file source does. */
const textSource =
  (text: string, allowHttpUpstream = false) =>
  async () =>
    parseAdapterSecret(text, { allowHttpUpstream });

/** A schedules context entry as cdk.json holds it, valid unless a test overrides a field. */
const aScheduleEntry = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'nightly-welcome',
  expression: 'cron(0 2 * * ? *)',
  contactListId: 1,
  importJobId: 2,
  customEvents: ['SendWelcomeEmail'],
  ...overrides,
});

/** A cdk.json document with the given context. */
const aCdkJson = (context: Record<string, unknown> = { schedules: [aScheduleEntry()] }) =>
  JSON.stringify({ app: 'npx tsx infra/app.ts', context });

/** Everything a result shows, as one text, for asserting what it names and what it never quotes. */
const shown = (result: CheckResult): string => [result.subject, ...result.details].join('\n');

let workDir: string;
const writeTemp = async (name: string, text: string): Promise<string> => {
  const path = join(workDir, name);
  await writeFile(path, text);
  return path;
};

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'check-config-'));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

describe('checkSecret', () => {
  it('passes a valid secret and names the schemes it enables, never their values', async () => {
    // Arrange
    const inbound = {
      apiKeys: ['key-one-abcdef-0123', 'key-two-abcdef-0123'],
      hmacSha256Secret: 'hub-secret-abcdef-01',
    };
    const text = aSecretJson({ inbound });

    // Act
    const { result } = await checkSecret(textSource(text), 'file secret.json');

    // Assert
    expect(result.status).toBe('passed');
    expect(result.details).toContain('inbound schemes: API key (2 entries), x-hub-signature-256 (1 entry)');
    expect(result.details).toContain('upstream credential: bearer scheme');
    expect(secretFoundIn(shown(result))).toBeUndefined();
  });

  it.each([
    [undefined, 'callbacks: off (no outbound part; an async run with a callbackUrl cannot report back)'],
    [{}, 'callbacks: signed with outbound.callbackSigningSecret, to any public host'],
    [
      { callbackHosts: ['hooks.zapier.com', 'example.com'] },
      'callbacks: signed with outbound.callbackSigningSecret, to 2 listed hosts and their subdomains',
    ],
  ])('says whether callbacks can be signed, and to how many hosts (outbound %j)', async (outbound, line) => {
    // Arrange
    const text = aSecretJson({
      outbound: outbound === undefined ? undefined : { callbackSigningSecret: A_CALLBACK_SIGNING_SECRET, ...outbound },
    });

    // Act
    const { result } = await checkSecret(textSource(text), 'file secret.json');

    // Assert
    expect(result.details).toContain(line);
    expect(secretFoundIn(shown(result))).toBeUndefined();
  });

  it('names a missing field without printing any value of the secret', async () => {
    // Arrange
    const text = aSecretJson({ auth: { scheme: 'bearer' }, inbound: { apiKeys: [PLANTED] } });

    // Act
    const { result } = await checkSecret(textSource(text), 'file secret.json');

    // Assert
    expect(result.status).toBe('failed');
    expect(result.details).toEqual(['field which50.auth.token is missing or is not of type string']);
    expect(shown(result)).not.toContain(PLANTED);
  });

  it('reports every wrong field on a line of its own', async () => {
    // Arrange
    const text = aSecretJson({ baseUrl: undefined, inbound: { apiKeys: [PLANTED, ''] } });

    // Act
    const { result } = await checkSecret(textSource(text), 'file secret.json');

    // Assert
    expect(result.details).toEqual([
      'field which50.baseUrl is missing or is not of type string',
      'field inbound.apiKeys[1] must be at least 16 characters',
    ]);
  });

  it('refuses text that is not JSON without quoting it', async () => {
    // Arrange
    const text = `{"which50": ${PLANTED}`;

    // Act
    const { result } = await checkSecret(textSource(text), 'file secret.json');

    // Assert
    expect(result.status).toBe('failed');
    expect(result.details).toEqual(['The secret is not valid JSON.']);
    expect(shown(result)).not.toContain(PLANTED);
  });

  it('refuses a Standard Webhooks secret that is not whsec_ and base64, as a request would', async () => {
    // Arrange
    const text = aSecretJson({ inbound: { standardWebhooksSecret: `whsec_${PLANTED}!` } });

    // Act
    const { result } = await checkSecret(textSource(text), 'file secret.json');

    // Assert
    expect(result.status).toBe('failed');
    expect(result.details).toEqual([
      'field inbound.standardWebhooksSecret must be whsec_ followed by the base64 of 24 to 64 bytes',
    ]);
    expect(shown(result)).not.toContain(PLANTED);
  });

  it('warns, without failing, when the secret lets no caller in', async () => {
    // Arrange
    const text = aSecretJson({ inbound: { apiKeys: [] } });

    // Act
    const { result } = await checkSecret(textSource(text), 'file secret.json');

    // Assert
    expect(result.status).toBe('warning');
    expect(result.details.at(-1)).toMatch(/^no inbound scheme is enabled .*answer 401/);
  });

  it('refuses an http upstream unless ALLOW_HTTP_UPSTREAM allows it', async () => {
    // Arrange
    const text = aSecretJson({ baseUrl: 'http://127.0.0.1:4010/Which50API' });

    // Act
    const refused = await checkSecret(textSource(text, false), 'file secret.json');
    const allowed = await checkSecret(textSource(text, true), 'file secret.json');

    // Assert
    expect(refused.result.details).toEqual([
      'field which50.baseUrl must use https (http is allowed only with ALLOW_HTTP_UPSTREAM=true)',
    ]);
    expect(allowed.result.status).toBe('passed');
  });
});

describe('checkEnvironment', () => {
  it('passes an environment whose adapter variables are valid or absent', () => {
    // Act
    const { result } = checkEnvironment({ UPSTREAM_TIMEOUT_MS: '5000', HOME: '/home/someone' });

    // Assert
    expect(result.status).toBe('passed');
  });

  it('names every refused variable, not only the first, and never its value', () => {
    // Arrange
    const env = { UPSTREAM_TIMEOUT_MS: PLANTED, ALLOW_HTTP_UPSTREAM: PLANTED, SECRET_CACHE_SECONDS: '60' };

    // Act
    const { result, config } = checkEnvironment(env);

    // Assert
    expect(result.status).toBe('failed');
    expect(result.details).toEqual([
      'Environment variable UPSTREAM_TIMEOUT_MS must be a whole number of at least 1.',
      'Environment variable ALLOW_HTTP_UPSTREAM must be true or false.',
    ]);
    expect(shown(result)).not.toContain(PLANTED);
    expect(config).toMatchObject({ upstreamTimeoutMs: 10_000, allowHttpUpstream: false, secretCacheSeconds: 60 });
  });
});

describe('locateSecret', () => {
  const both = { SECRET_ID: 'deployed', LOCAL_SECRET_FILE: 'local.json' };
  const cases: { flags: SecretFlags; env: Environment; expected: SecretLocation }[] = [
    { flags: { secretFile: 'flag.json' }, env: both, expected: { kind: 'file', path: 'flag.json' } },
    { flags: { secretId: 'by-flag' }, env: both, expected: { kind: 'secrets-manager', secretId: 'by-flag' } },
    { flags: {}, env: both, expected: { kind: 'secrets-manager', secretId: 'deployed' } },
    { flags: {}, env: { LOCAL_SECRET_FILE: 'local.json' }, expected: { kind: 'file', path: 'local.json' } },
    { flags: {}, env: {}, expected: { kind: 'none' } },
  ];

  it.each(cases)(
    'picks $expected.kind from $flags and the environment, as npm start does',
    ({ flags, env, expected }) => {
      // Arrange
      const config = anAdapterConfig({ secretId: env.SECRET_ID });

      // Act
      const location = locateSecret(flags, config, env);

      // Assert
      expect(location).toEqual(expected);
    },
  );
});

describe('checkStackContext', () => {
  it('passes a valid context and says what the stack will build from it', () => {
    // Act
    const result = checkStackContext({ schedules: [aScheduleEntry()], secretName: 'which50/prod' }, 'cdk.json');

    // Assert
    expect(result.status).toBe('passed');
    expect(result.details).toEqual(['secret: an existing one, by secretName', 'schedules: 1']);
  });

  it('names the schedule entry and each wrong field, as the synth does', () => {
    // Arrange
    const schedules = [aScheduleEntry(), aScheduleEntry({ name: 'broken', expression: 'cron(bad)', importJobId: 0 })];

    // Act
    const result = checkStackContext({ schedules }, 'cdk.json');

    // Assert
    expect(result.status).toBe('failed');
    expect(result.details).toEqual([
      expect.stringMatching(/^schedules\[1\] "broken": field expression: must be cron/),
      'schedules[1] "broken": field importJobId: must be an integer from 1 to 2147483647, not 0',
    ]);
  });

  it('reports wrong context keys and wrong schedules together, keeping a reason whole', () => {
    // Arrange
    const context = { reservedConcurrency: 0, secretArn: 'arn:partial', schedules: 'not json' };

    // Act
    const result = checkStackContext(context, 'cdk.json');

    // Assert
    expect(result.details).toEqual([
      'secretArn: must be the complete ARN of a secret (ending in -XXXXXX); for a partial ARN use secretName',
      'reservedConcurrency: must be at least 1 (0 would stop the function)',
      'schedules: it is not valid JSON',
    ]);
  });

  it('refuses a cdk.json that is not JSON', async () => {
    // Arrange
    const path = await writeTemp('broken-cdk.json', '{"context": ');

    // Act
    const result = await checkCdkJson(path);

    // Assert
    expect(result).toMatchObject({ status: 'failed', details: ['the file is not valid JSON'] });
  });
});

describe('the deployed secret, through the Secrets Manager source', () => {
  let secrets: SecretsManagerEndpoint;
  let endpointBefore: string | undefined;
  const cdkJsonOptions = async () => ({ cdkJson: await writeTemp('deployed-cdk.json', aCdkJson()) });

  beforeAll(async () => {
    secrets = await startSecretsManagerEndpoint();
    endpointBefore = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secrets.url;
  });
  afterAll(async () => {
    if (endpointBefore === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpointBefore;
    await secrets.close();
  });

  it('checks the secret named by SECRET_ID', async () => {
    // Arrange
    secrets.putSecret('which50/deployed', aSecretJson());

    // Act
    const [, secret] = await runChecks(await cdkJsonOptions(), { SECRET_ID: 'which50/deployed' });

    // Assert
    expect(secret).toMatchObject({ status: 'passed', subject: 'Secrets Manager secret which50/deployed' });
    expect(secrets.fetches).toBeGreaterThan(0);
  });

  it('says when the secret named by SECRET_ID does not exist', async () => {
    // Act
    const [, secret] = await runChecks(await cdkJsonOptions(), { SECRET_ID: 'which50/missing' });

    // Assert
    expect(secret).toMatchObject({ status: 'failed', details: ['The secret named by SECRET_ID does not exist.'] });
  });
});

describe('readJobRef', () => {
  it('reads CONTACT_LIST_ID/IMPORT_JOB_ID', () => {
    // Act
    const ref = readJobRef('1/2');

    // Assert
    expect(ref).toEqual({ ok: true, value: { contactListId: 1, importJobId: 2 } });
  });

  it.each(['1', '1/2/3', '0/2', '1/x', ''])('refuses %j before any call is made', (text) => {
    // Act
    const ref = readJobRef(text);

    // Assert
    expect(ref.ok).toBe(false);
  });
});

describe('pingImportJob', () => {
  let sandbox: Which50Sandbox;

  beforeAll(async () => {
    sandbox = await startWhich50Sandbox();
  });
  afterAll(() => sandbox.close());

  const clientWith = (overrides: SecretDocumentOverrides) => {
    const text = JSON.stringify(aSecretDocument({ baseUrl: sandbox.baseUrl, ...overrides }));
    return buildAdapter(anAdapterConfig({ allowHttpUpstream: true }), textSource(text, true)).which50;
  };

  it('shows the job as the adapter normalizes it when the credential is accepted', async () => {
    // Arrange
    const which50 = clientWith({ auth: sandbox.auth });

    // Act
    const result = await pingImportJob(which50, { contactListId: 1, importJobId: 2 }, Date.now() + 5_000);

    // Assert
    expect(result.status).toBe('passed');
    expect(result.details[0]).toMatch(/^currentStatus: \S+, progressPercent: /);
    expect(JSON.parse(result.details[1] ?? '')).toMatchObject({ id: 2, contactListId: 1 });
  });

  it('reports the 502 a caller would get when Which50 refuses the credential', async () => {
    // Arrange
    const which50 = clientWith({ auth: { scheme: 'bearer', token: PLANTED } });

    // Act
    const result = await pingImportJob(which50, { contactListId: 1, importJobId: 2 }, Date.now() + 5_000);

    // Assert
    expect(result.status).toBe('failed');
    expect(result.details[0]).toMatch(/^502 Upstream rejected credentials: Which50 answered 401/);
    expect(shown(result)).not.toContain(PLANTED);
  });
});

describe('parseCheckArguments', () => {
  it('reads the options, with cdk.json as the default context file', () => {
    // Act
    const parsed = parseCheckArguments(['--secret-file', 's.json', '--ping', '1/2']);

    // Assert
    expect(parsed).toEqual({
      kind: 'check',
      options: {
        secretFile: 's.json',
        secretId: undefined,
        cdkJson: 'cdk.json',
        ping: { contactListId: 1, importJobId: 2 },
      },
    });
  });

  it.each([
    [['--secret-file', 'a.json', '--secret-id', 'b'], /not both/],
    [['--ping', '1-2'], /^--ping must be CONTACT_LIST_ID\/IMPORT_JOB_ID/],
    [['--verbose'], /verbose/],
  ])('refuses %j', (args, reason) => {
    // Act
    const parsed = parseCheckArguments(args);

    // Assert
    expect(parsed).toMatchObject({ kind: 'refused', reason: expect.stringMatching(reason) });
  });
});

describe('runChecks', () => {
  it('skips the secret when none is named, and passes on the rest', async () => {
    // Arrange
    const cdkJson = await writeTemp('no-secret-cdk.json', aCdkJson());

    // Act
    const results = await runChecks({ cdkJson }, {});

    // Assert
    expect(results.map(({ name, status }) => `${name}: ${status}`)).toEqual([
      'environment: passed',
      'secret: skipped',
      'stack context: passed',
      'ping: skipped',
    ]);
  });

  it('fails a ping that has no secret to take the credential from', async () => {
    // Arrange
    const cdkJson = await writeTemp('no-secret-ping-cdk.json', aCdkJson());

    // Act
    const [, , , ping] = await runChecks({ cdkJson, ping: { contactListId: 1, importJobId: 2 } }, {});

    // Assert
    expect(ping).toMatchObject({
      status: 'failed',
      details: ['--ping needs a secret to take the upstream credential from'],
    });
  });
});

describe('formatReport', () => {
  it('gives each check a line with its mark, each finding a line below it, then the verdict', () => {
    // Arrange
    const results = [
      passed('environment', 'every adapter variable is valid'),
      failed('secret', 'file secret.json', ['field which50.auth.token is missing or is not of type string']),
      skipped('ping', 'not asked for'),
    ];

    // Act
    const report = formatReport(results);

    // Assert
    expect(report).toBe(
      [
        'ok    environment    every adapter variable is valid',
        'FAIL  secret         file secret.json',
        '        - field which50.auth.token is missing or is not of type string',
        'skip  ping           not asked for',
        '',
        '1 check failed.',
        '',
      ].join('\n'),
    );
  });
});

describe('exitCodeFor', () => {
  it('is 1 only when a check failed: warnings and skipped checks pass', () => {
    // Arrange
    const fine = [passed('a', 's'), warned('b', 's', ['look']), skipped('c', 's')];

    // Act
    const codes = [exitCodeFor(fine), exitCodeFor([...fine, failed('d', 's', ['wrong'])])];

    // Assert
    expect(codes).toEqual([0, 1]);
  });
});

describe('npm run check-config, as a command', () => {
  let sandbox: Which50Sandbox;
  let secrets: SecretsManagerEndpoint;
  let cdkJson: string;

  beforeAll(async () => {
    [sandbox, secrets] = await Promise.all([startWhich50Sandbox(), startSecretsManagerEndpoint()]);
    cdkJson = await writeTemp('cli-cdk.json', aCdkJson());
  });
  afterAll(() => Promise.all([sandbox.close(), secrets.close()]));

  const ADAPTER_VARIABLES = [
    'SECRET_ID',
    'LOCAL_SECRET_FILE',
    'ALLOW_HTTP_UPSTREAM',
    'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  ];

  /** Runs the CLI in a child process with only the given adapter variables set; never throws on exit 1. */
  const checkConfig = async (args: readonly string[], env: Record<string, string> = {}) => {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !ADAPTER_VARIABLES.includes(name)),
    );
    try {
      const { stdout, stderr } = await runFile('npx', ['tsx', 'dev/check-config.ts', ...args], {
        cwd: REPO_ROOT,
        env: { ...inherited, ...env },
      });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
      return { code, output: stdout + stderr };
    }
  };

  const sandboxSecret = async (name: string, overrides: SecretDocumentOverrides = {}) =>
    writeTemp(name, aSecretJson({ baseUrl: sandbox.baseUrl, auth: sandbox.auth, ...overrides }));

  it('exits 0 for a good secret file and context', async () => {
    // Arrange
    const secretFile = await sandboxSecret('cli-good.json');
    const env = { LOCAL_SECRET_FILE: secretFile, ALLOW_HTTP_UPSTREAM: 'true' };

    // Act
    const { code, output } = await checkConfig(['--cdk-json', cdkJson], env);

    // Assert
    expect(code).toBe(0);
    expect(output).toContain('All checks passed.');
  });

  it('exits 1 naming a missing field, printing no value from the file', async () => {
    // Arrange
    const text = aSecretJson({ auth: { scheme: 'bearer' }, inbound: { apiKeys: [PLANTED] } });
    const secretFile = await writeTemp('cli-missing.json', text);

    // Act
    const { code, output } = await checkConfig(['--secret-file', secretFile, '--cdk-json', cdkJson]);

    // Assert
    expect(code).toBe(1);
    expect(output).toContain('field which50.auth.token is missing');
    expect(output).not.toContain(PLANTED);
    expect(secretFoundIn(output)).toBeUndefined();
  });

  it('exits 1 for a secret file that is not JSON, without echoing it', async () => {
    // Arrange
    const secretFile = await writeTemp('cli-not-json.json', `token=${PLANTED}`);

    // Act
    const { code, output } = await checkConfig(['--secret-file', secretFile, '--cdk-json', cdkJson]);

    // Assert
    expect(code).toBe(1);
    expect(output).toContain('The secret is not valid JSON.');
    expect(output).not.toContain(PLANTED);
  });

  it('exits 1 for bad schedules in the context file it is given', async () => {
    // Arrange
    const schedules = [aScheduleEntry({ timezone: 'Mars/Olympus' })];
    const badCdkJson = await writeTemp('cli-bad-cdk.json', aCdkJson({ schedules }));

    // Act
    const { code, output } = await checkConfig(['--cdk-json', badCdkJson]);

    // Assert
    expect(code).toBe(1);
    expect(output).toContain('schedules[0] "nightly-welcome": field timezone: must be an IANA time zone');
  });

  it('checks the deployed secret through AWS_ENDPOINT_URL_SECRETS_MANAGER', async () => {
    // Arrange
    secrets.putSecret('which50/cli', aSecretJson());
    const fetchesBefore = secrets.fetches;

    // Act
    const { code, output } = await checkConfig(['--cdk-json', cdkJson], {
      SECRET_ID: 'which50/cli',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    });

    // Assert
    expect(code).toBe(0);
    expect(output).toContain('Secrets Manager secret which50/cli');
    expect(secrets.fetches).toBe(fetchesBefore + 1);
  });

  it('pings an import job through the Which50 client and prints its normalized status', async () => {
    // Arrange
    const secretFile = await sandboxSecret('cli-ping.json');

    // Act
    const { code, output } = await checkConfig(['--secret-file', secretFile, '--cdk-json', cdkJson, '--ping', '1/2'], {
      ALLOW_HTTP_UPSTREAM: 'true',
    });

    // Assert
    expect(code).toBe(0);
    expect(output).toMatch(/ok {4}ping {11}contact list 1, import job 2/);
    expect(output).toContain('"id":2,"contactListId":1');
  });

  it('exits 1 when the ping meets a 401 from Which50', async () => {
    // Arrange
    const secretFile = await sandboxSecret('cli-ping-401.json', { auth: { scheme: 'bearer', token: PLANTED } });

    // Act
    const { code, output } = await checkConfig(['--secret-file', secretFile, '--cdk-json', cdkJson, '--ping', '1/2'], {
      ALLOW_HTTP_UPSTREAM: 'true',
    });

    // Assert
    expect(code).toBe(1);
    expect(output).toContain('502 Upstream rejected credentials');
    expect(output).not.toContain(PLANTED);
  });
});
