import { buildAdapter } from '../../lambda/adapter';
import type { AdapterConfig, Environment } from '../../lambda/config';
import type { ImportJobRef } from '../../lambda/payload/run-import-command';
import type { SecretSource } from '../../lambda/secrets/secret-source';
import { type CheckResult, failed, skipped } from './check-result';
import { checkEnvironment } from './environment-check';
import { pingImportJob } from './ping-check';
import { checkSecret } from './secret-check';
import { describeLocation, locateSecret, type SecretFlags, secretSourceAt, secretTextAt } from './secret-location';
import { secretProblems } from './secret-problems';
import { checkCdkJson } from './stack-context-check';

/** What to check, as the command line says it. */
interface CheckOptions extends SecretFlags {
  /** The cdk.json whose context the stack would read. */
  readonly cdkJson: string;
  /** The import job whose status proves the upstream credential, when asked for. */
  readonly ping?: ImportJobRef | undefined;
}

const NO_SECRET =
  'none given (set SECRET_ID or LOCAL_SECRET_FILE, or pass --secret-file or --secret-id); ' +
  'npm start would use its embedded sandbox';

const pingCheck = async (
  ref: ImportJobRef | undefined,
  config: AdapterConfig,
  loadSecret: SecretSource | undefined,
  secretLoaded: boolean,
): Promise<CheckResult> => {
  if (ref === undefined) return skipped('ping', 'not asked for (--ping CONTACT_LIST_ID/IMPORT_JOB_ID)');
  if (loadSecret === undefined) {
    return failed('ping', 'no secret', ['--ping needs a secret to take the upstream credential from']);
  }
  if (!secretLoaded) return skipped('ping', 'not tried: the secret did not load');
  const { which50 } = buildAdapter(config, loadSecret);
  return pingImportJob(which50, ref, Date.now() + config.upstreamDeadlineMs);
};

/**
 * Runs every check in the order a deployment depends on them (environment, secret, stack context,
 * then the optional ping) and gives all their results: one broken part never hides another.
 */
const runChecks = async (options: CheckOptions, env: Environment): Promise<CheckResult[]> => {
  const environment = checkEnvironment(env);
  const location = locateSecret(options, environment.config, env);
  const { allowHttpUpstream } = environment.config;
  const loadSecret = location.kind === 'none' ? undefined : secretSourceAt(location, environment.config);
  const secret =
    location.kind === 'none' || loadSecret === undefined
      ? { result: skipped('secret', NO_SECRET), secret: undefined }
      : await checkSecret(loadSecret, describeLocation(location), async () =>
          secretProblems(await secretTextAt(location), { allowHttpUpstream }),
        );
  const context = await checkCdkJson(options.cdkJson);
  const ping = await pingCheck(options.ping, environment.config, loadSecret, secret.secret !== undefined);
  return [environment.result, secret.result, context, ping];
};

export { type CheckOptions, runChecks };
