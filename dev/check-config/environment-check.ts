import { type AdapterConfig, type Environment, readConfig } from '../../lambda/config';
import { type CheckResult, failed, passed } from './check-result';
import { problemReasons } from './reasons';

const NAME = 'environment';

/** The variables `readConfig` refuses, each tried alone so that every one is reported, not only the first. */
const refusedVariables = (env: Environment): { name: string; reasons: string[] }[] =>
  Object.keys(env).flatMap((name) => {
    try {
      readConfig({ [name]: env[name] });
      return [];
    } catch (error) {
      return [{ name, reasons: problemReasons(error) }];
    }
  });

/**
 * Checks the adapter's environment variables with the function's own reader. Whatever the
 * outcome it hands back settings, built without the refused variables (their defaults stand in),
 * so that the secret and the ping can still be checked when one variable is wrong.
 */
const checkEnvironment = (env: Environment): { result: CheckResult; config: AdapterConfig } => {
  const refused = refusedVariables(env);
  if (refused.length === 0) {
    return { result: passed(NAME, 'every adapter variable is valid'), config: readConfig(env) };
  }
  const refusedNames = new Set(refused.map(({ name }) => name));
  const usable = Object.fromEntries(Object.entries(env).filter(([name]) => !refusedNames.has(name)));
  const subject = `${refused.length} ${refused.length === 1 ? 'variable' : 'variables'} refused`;
  return {
    result: failed(
      NAME,
      subject,
      refused.flatMap(({ reasons }) => reasons),
    ),
    config: readConfig(usable),
  };
};

export { checkEnvironment };
