import * as z from 'zod';
import { type ImportSchedule, parseSchedulesContext } from './schedules-context';

/** Where the adapter's secret comes from: an existing one (by ARN or by name) or one the stack creates. */
type SecretSetting =
  | { readonly kind: 'create' }
  | { readonly kind: 'arn'; readonly arn: string }
  | { readonly kind: 'name'; readonly name: string };

/** Everything the stack takes from the CDK context, checked once before any construct is built. */
interface StackSettings {
  readonly secret: SecretSetting;
  readonly reservedConcurrency?: number;
  readonly alarmEmail?: string;
  readonly schedules: readonly ImportSchedule[];
  /** X-Ray tracing of the function and its upstream calls; off unless the context turns it on. */
  readonly tracing?: true;
}

/** Reads one context key; `app.node.tryGetContext` fits. */
type ContextLookup = (key: string) => unknown;

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

/** `-c key=value` always gives text, cdk.json gives a number: both are read as a whole number. */
const ReservedConcurrency = z.preprocess(
  (raw) => (typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw),
  z.int('must be a whole number').min(1, 'must be at least 1 (0 would stop the function)'),
);

const AlarmEmail = z.email('must be an email address');

/** `-c tracing=true` gives text, cdk.json a boolean: both are read, anything else is refused. */
const Tracing = z.preprocess(
  (raw) => (typeof raw === 'string' && ['true', 'false'].includes(raw.trim()) ? raw.trim() === 'true' : raw),
  z.boolean('must be true or false'),
);

const SettingsContext = z.object({
  secretArn: SecretArn.optional(),
  secretName: SecretName.optional(),
  reservedConcurrency: ReservedConcurrency.optional(),
  alarmEmail: AlarmEmail.optional(),
  tracing: Tracing.optional(),
});

const KEYS = ['secretArn', 'secretName', 'reservedConcurrency', 'alarmEmail', 'tracing'] as const;

const secretSetting = (arn: string | undefined, name: string | undefined): SecretSetting => {
  if (arn !== undefined && name !== undefined) {
    throw new Error('Invalid context: give secretArn or secretName, not both.');
  }
  if (arn !== undefined) return { kind: 'arn', arn };
  if (name !== undefined) return { kind: 'name', name };
  return { kind: 'create' };
};

/**
 * Turns the CDK context into settings, failing the synth with the key and the rule it broke, so a
 * typo is caught before anything reaches CloudFormation.
 */
const readStackSettings = (lookup: ContextLookup): StackSettings => {
  const raw = Object.fromEntries(KEYS.map((key) => [key, lookup(key) ?? undefined]));
  const parsed = SettingsContext.safeParse(raw);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid context: ${reasons.join('; ')}.`);
  }
  const { secretArn, secretName, reservedConcurrency, alarmEmail, tracing } = parsed.data;
  return {
    secret: secretSetting(secretArn, secretName),
    schedules: parseSchedulesContext(lookup('schedules')),
    ...(reservedConcurrency === undefined ? {} : { reservedConcurrency }),
    ...(alarmEmail === undefined ? {} : { alarmEmail }),
    ...(tracing === true ? { tracing } : {}),
  };
};

export { type ContextLookup, readStackSettings, type SecretSetting, type StackSettings };
