/**
 * `npm run check-config`: checks the secret (a file or the deployed one), the environment and the
 * cdk.json context with the code the function and the stack use, and optionally reads one import
 * job through the Which50 client. Run with `--help` for the options.
 */
import { exitCodeFor } from './check-config/check-result';
import { parseCheckArguments, USAGE } from './check-config/cli-arguments';
import { formatReport } from './check-config/report';
import { runChecks } from './check-config/run-checks';

const parsed = parseCheckArguments(process.argv.slice(2));
if (parsed.kind === 'help') {
  process.stdout.write(USAGE);
} else if (parsed.kind === 'refused') {
  process.stderr.write(`${parsed.reason}\n\n${USAGE}`);
  process.exitCode = 1;
} else {
  const results = await runChecks(parsed.options, process.env);
  process.stdout.write(formatReport(results));
  process.exitCode = exitCodeFor(results);
}
