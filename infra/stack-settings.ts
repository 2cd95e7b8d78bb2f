import * as z from 'zod';
import { unknownKeyProblems } from './context-keys';
import { type ImportSchedule, readSchedulesContext } from './schedules-context';
import { type ContextReading, StackContextError } from './stack-context-error';

/** Where the adapter's secret comes from: an existing one (by ARN or by name) or one the stack creates. */
type SecretSetting =
  | { readonly kind: 'create' }
  | { readonly kind: 'arn'; readonly arn: string }
  | { readonly kind: 'name'; readonly name: string };

/** Everything the stack takes from the CDK context, checked once before any construct is built. */
interface StackSettings {
  /** Part of the stack's name, so that several deployments (dev, prod) share one account. */
  readonly stage: string;
  readonly secret: SecretSetting;
  /** At most this many invocations at once, so at most this many runs reach Which50; absent: no cap. */
  readonly reservedConcurrency?: number;
  /** At most this many async runs execute at once (the durable function's reserved concurrency). */
  readonly asyncConcurrency: number;
  readonly alarmEmail?: string;
  readonly schedules: readonly ImportSchedule[];
  /** X-Ray tracing of the function and its upstream calls; off unless the context turns it on. */
  readonly tracing?: true;
  /** An AWS WAF web ACL in front of the stage; off unless the context turns it on (it has a monthly charge). */
  readonly waf?: true;
}

/** The context as the app sees it (`app.node.getAllContext()`), CDK's own keys included. */
type StackContext = Readonly<Record<string, unknown>>;

const DEFAULT_STAGE = 'prod';
const DEFAULT_RESERVED_CONCURRENCY = 10;
const DEFAULT_ASYNC_CONCURRENCY = 5;

/** `-c asyncConcurrency=N` or a number in cdk.json: the cap on async runs in flight to Which50. */
const AsyncConcurrency = z.preprocess(
  (raw) => (typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw),
  z.int('must be a whole number').min(1, 'must be at least 1 (0 would never run an async run)'),
);

/**
 * A complete secret ARN, ending in the six characters Secrets Manager appends to the name. A
 * partial ARN cannot be granted precisely, so it is refused here; pass the name instead.
 */
const SecretArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/,
    'must be the complete ARN of a secret (ending in -XXXXXX); for a partial ARN use secretName',
  );

const SecretName = z.string().regex(/^[\w/+=.@-]{1,512}$/, 'must be a secret name (letters, digits and /_+=.@-)');

/** Goes into the stack name, which CloudFormation limits to letters, digits and hyphens. */
const Stage = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/, 'must be 1 to 32 letters, digits or hyphens, not starting with a hyphen');

/**
 * `-c key=value` always gives text, cdk.json gives a number: both are read as a whole number;
 * `none` leaves the function without a cap.
 */
const ReservedConcurrency = z.unknown().transform((raw, context): number | 'none' => {
  const value = typeof raw === 'string' ? raw.trim() : raw;
  if (value === 'none') return value;
  const count = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof count !== 'number' || !Number.isInteger(count)) {
    context.addIssue({ code: 'custom', message: 'must be a whole number, or none' });
    return z.NEVER;
  }
  if (count < 1) {
    context.addIssue({ code: 'custom', message: 'must be at least 1 (0 would stop the function)' });
    return z.NEVER;
  }
  return count;
});

const AlarmEmail = z.email('must be an email address');

/** `-c flag=true` gives text, cdk.json a boolean: both are read, anything else is refused. */
const Flag = z.preprocess(
  (raw) => (typeof raw === 'string' && ['true', 'false'].includes(raw.trim()) ? raw.trim() === 'true' : raw),
  z.boolean('must be true or false'),
);

/** Reads one key with its schema, leaving its problem (key first) in `problems`. */
const readKey = <T>(context: StackContext, key: string, schema: z.ZodType<T>, problems: string[]): T | undefined => {
  const raw = context[key];
  if (raw === undefined || raw === null) return undefined;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  problems.push(...parsed.error.issues.map((issue) => `${key}: ${issue.message}`));
  return undefined;
};

const secretSetting = (arn: string | undefined, name: string | undefined, problems: string[]): SecretSetting => {
  if (arn !== undefined && name !== undefined) problems.push('secretName: give secretArn or secretName, not both');
  if (arn !== undefined) return { kind: 'arn', arn };
  if (name !== undefined) return { kind: 'name', name };
  return { kind: 'create' };
};

/**
 * Turns the CDK context into settings, or into every problem with it at once: keys nobody reads
 * (with the nearest known key), values that break a key's rule, and each broken schedule field,
 * so that one run of the synth (or of check-config) shows all there is to fix.
 */
const readStackContext = (context: StackContext): ContextReading<StackSettings> => {
  const problems = unknownKeyProblems(Object.keys(context));
  const stage = readKey(context, 'stage', Stage, problems) ?? DEFAULT_STAGE;
  const secret = secretSetting(
    readKey(context, 'secretArn', SecretArn, problems),
    readKey(context, 'secretName', SecretName, problems),
    problems,
  );
  const reservedConcurrency =
    readKey(context, 'reservedConcurrency', ReservedConcurrency, problems) ?? DEFAULT_RESERVED_CONCURRENCY;
  const asyncConcurrency =
    readKey(context, 'asyncConcurrency', AsyncConcurrency, problems) ?? DEFAULT_ASYNC_CONCURRENCY;
  const alarmEmail = readKey(context, 'alarmEmail', AlarmEmail, problems);
  const tracing = readKey(context, 'tracing', Flag, problems);
  const waf = readKey(context, 'waf', Flag, problems);
  const schedules = readSchedulesContext(context.schedules);
  if (!schedules.ok) problems.push(...schedules.problems);
  if (problems.length > 0 || !schedules.ok) return { ok: false, problems };
  return {
    ok: true,
    value: {
      stage,
      secret,
      asyncConcurrency,
      schedules: schedules.value,
      ...(reservedConcurrency === 'none' ? {} : { reservedConcurrency }),
      ...(alarmEmail === undefined ? {} : { alarmEmail }),
      ...(tracing === true ? { tracing } : {}),
      ...(waf === true ? { waf } : {}),
    },
  };
};

/**
 * The settings for the synth, which a wrong context stops with a {@link StackContextError}
 * before anything reaches CloudFormation.
 */
const readStackSettings = (context: StackContext): StackSettings => {
  const reading = readStackContext(context);
  if (!reading.ok) throw new StackContextError(reading.problems);
  return reading.value;
};

export {
  DEFAULT_ASYNC_CONCURRENCY,
  DEFAULT_RESERVED_CONCURRENCY,
  DEFAULT_STAGE,
  readStackContext,
  readStackSettings,
  type SecretSetting,
  type StackContext,
  type StackSettings,
};
