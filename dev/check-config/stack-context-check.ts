import { readFile } from 'node:fs/promises';
import {
  DEFAULT_RESERVED_CONCURRENCY,
  DEFAULT_STAGE,
  readStackContext,
  type StackSettings,
} from '../../infra/stack-settings';
import { accepted, type Reading, refused } from '../../lambda/payload/reading';
import { type CheckResult, failed, passed } from './check-result';

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

/** What the stack will build, beyond its defaults (stage prod, reserved concurrency 10, no WAF). */
const describeSettings = (settings: StackSettings): string[] => {
  const secret = {
    create: 'secret: the stack creates one (placeholder value)',
    arn: 'secret: an existing one, by secretArn',
    name: 'secret: an existing one, by secretName',
  }[settings.secret.kind];
  const count = settings.schedules.length;
  const concurrency = settings.reservedConcurrency ?? 'none';
  return [
    secret,
    `schedules: ${count === 0 ? 'none' : count}`,
    ...(settings.stage === DEFAULT_STAGE ? [] : [`stage: ${settings.stage}`]),
    ...(concurrency === DEFAULT_RESERVED_CONCURRENCY ? [] : [`reservedConcurrency: ${concurrency}`]),
    ...(settings.alarmEmail === undefined ? [] : ['alarmEmail: set']),
    ...(settings.waf === true ? ['waf: on'] : []),
  ];
};

/**
 * Checks the context with the stack's own reader, so that a file passing here passes the synth.
 * The reader lists every problem at once, each once: unknown keys (with the nearest known one),
 * bad values, and every broken field of every schedule entry, named as the synth names them.
 */
const checkStackContext = (context: CdkContext, subject: string): CheckResult => {
  const reading = readStackContext(context);
  return reading.ok ? passed(NAME, subject, describeSettings(reading.value)) : failed(NAME, subject, reading.problems);
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
