import { readFile } from 'node:fs/promises';
import { parseSchedulesContext } from '../../infra/schedules-context';
import { readStackSettings, type StackSettings } from '../../infra/stack-settings';
import { accepted, type Reading, refused } from '../../lambda/payload/reading';
import { type CheckResult, failed, passed } from './check-result';
import { splitReasons } from './reasons';

const NAME = 'stack context';

/** The context an app gets from cdk.json; the file's other members belong to the CLI. */
type CdkContext = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads the `context` member of a cdk.json file; a file without one has an empty context. */
const readCdkContext = async (path: string): Promise<Reading<CdkContext>> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return refused('the file cannot be read');
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return refused('the file is not valid JSON');
  }
  if (!isRecord(document)) return refused('the file must hold a JSON object');
  const { context = {} } = document;
  return isRecord(context) ? accepted(context) : refused('field context must be an object');
};

/** Runs one of the stack's readers, turning its synth error into reasons. */
const reasonsFrom = (read: () => unknown): string[] => {
  try {
    read();
    return [];
  } catch (error) {
    return error instanceof Error ? splitReasons(error.message) : ['unexpected failure'];
  }
};

const describeSettings = (settings: StackSettings): string[] => {
  const secret = {
    create: 'secret: the stack creates one (placeholder value)',
    arn: 'secret: an existing one, by secretArn',
    name: 'secret: an existing one, by secretName',
  }[settings.secret.kind];
  const count = settings.schedules.length;
  return [
    secret,
    `schedules: ${count === 0 ? 'none' : count}`,
    ...(settings.reservedConcurrency === undefined ? [] : ['reservedConcurrency: set']),
    ...(settings.alarmEmail === undefined ? [] : ['alarmEmail: set']),
  ];
};

/**
 * Checks the context with the stack's own readers, so that a file passing here passes the synth.
 * The schedules are read apart from the other keys, so that a mistake in both is reported at once
 * rather than one synth after another. Messages are the synth's: they name the key, the schedule
 * entry and the field.
 */
const checkStackContext = (context: CdkContext, subject: string): CheckResult => {
  const lookup = (key: string): unknown => context[key];
  const withoutSchedules = (key: string): unknown => (key === 'schedules' ? undefined : lookup(key));
  const settingsReasons = reasonsFrom(() => readStackSettings(withoutSchedules));
  const schedulesReasons = reasonsFrom(() => parseSchedulesContext(lookup('schedules')));
  const reasons = [...settingsReasons, ...schedulesReasons];
  if (reasons.length > 0) return failed(NAME, subject, reasons);
  return passed(NAME, subject, describeSettings(readStackSettings(lookup)));
};

/**
 * Reads and checks a cdk.json file's context. Context given on the command line (`-c key=value`)
 * or kept in cdk.context.json is not read: cdk.json is where this project keeps its settings.
 */
const checkCdkJson = async (path: string): Promise<CheckResult> => {
  const context = await readCdkContext(path);
  return context.ok ? checkStackContext(context.value, path) : failed(NAME, path, [context.reason]);
};

export { type CdkContext, checkCdkJson, checkStackContext };
