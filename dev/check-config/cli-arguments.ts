import { parseArgs } from 'node:util';
import { readJobRef } from './ping-check';
import type { CheckOptions } from './run-checks';

const USAGE = `Usage: npm run check-config -- [options]

Checks the adapter's configuration the way the function and the stack read it, and says what is
wrong field by field without printing any value. Exit code 0 when all is well, 1 otherwise.

Options:
  --secret-file PATH   check this secret file (default: LOCAL_SECRET_FILE)
  --secret-id ID       check this deployed secret through Secrets Manager (default: SECRET_ID)
  --cdk-json PATH      check this file's context, schedules included (default: cdk.json)
  --ping LIST/JOB      read import job JOB of contact list LIST through the Which50 client
  -h, --help           show this help

Environment: SECRET_ID, LOCAL_SECRET_FILE, ALLOW_HTTP_UPSTREAM and the adapter's other variables;
the AWS credential chain, AWS_REGION and AWS_ENDPOINT_URL_SECRETS_MANAGER for a deployed secret.
`;

type ParsedArguments =
  | { readonly kind: 'check'; readonly options: CheckOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'refused'; readonly reason: string };

const OPTIONS = {
  'secret-file': { type: 'string' },
  'secret-id': { type: 'string' },
  'cdk-json': { type: 'string', default: 'cdk.json' },
  ping: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Reads the command line into check options, refusing what would make the check ambiguous (two
 * secrets at once) or pointless (a ping of an id the adapter itself would refuse).
 */
const parseCheckArguments = (args: readonly string[]): ParsedArguments => {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
  try {
    ({ values } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    return { kind: 'refused', reason: error instanceof Error ? error.message : 'the arguments cannot be read' };
  }
  if (values.help) return { kind: 'help' };
  if (values['secret-file'] !== undefined && values['secret-id'] !== undefined) {
    return { kind: 'refused', reason: 'Give --secret-file or --secret-id, not both.' };
  }
  const ping = values.ping === undefined ? undefined : readJobRef(values.ping);
  if (ping !== undefined && !ping.ok) return { kind: 'refused', reason: `--ping ${ping.reason}.` };
  return {
    kind: 'check',
    options: {
      secretFile: values['secret-file'],
      secretId: values['secret-id'],
      cdkJson: values['cdk-json'],
      ping: ping?.value,
    },
  };
};

export { type ParsedArguments, parseCheckArguments, USAGE };
