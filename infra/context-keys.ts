import { closest } from 'fastest-levenshtein';

/** The context keys this app reads; anything else a person put in the context is a mistake. */
const STACK_CONTEXT_KEYS = [
  'stage',
  'secretArn',
  'secretName',
  'reservedConcurrency',
  'asyncConcurrency',
  'alarmEmail',
  'tracing',
  'waf',
  'schedules',
] as const;

type StackContextKey = (typeof STACK_CONTEXT_KEYS)[number];

/** Keys the CDK CLI itself keeps in cdk.json or cdk.context.json, which the app must let pass. */
const CLI_KEYS: ReadonlySet<string> = new Set(['cli-telemetry', 'acknowledged-issue-numbers']);

/**
 * Whether a key belongs to the CDK rather than to this app: feature flags (`@aws-cdk/...`), the
 * CLI's own settings (`aws:cdk:bundling-stacks`, `cli-telemetry`) and cached lookups
 * (`availability-zones:account=...`), which all carry a `@` or a `:` the app's keys never do.
 */
const isCdkKey = (key: string): boolean => key.startsWith('@') || key.includes(':') || CLI_KEYS.has(key);

/**
 * One problem per key the app does not know, naming the nearest known key by edit distance, so
 * that `-c reservedConcurency=10` fails the synth instead of silently deploying the default.
 */
const unknownKeyProblems = (keys: readonly string[]): string[] =>
  keys
    .filter((key) => !isCdkKey(key) && !(STACK_CONTEXT_KEYS as readonly string[]).includes(key))
    .map((key) => `unknown key "${key}" (did you mean "${closest(key, [...STACK_CONTEXT_KEYS])}"?)`);

export { STACK_CONTEXT_KEYS, type StackContextKey, unknownKeyProblems };
