/**
 * How one configuration check ended. `warning` passes (the adapter will run) but deserves a look,
 * such as a secret that lets no caller in; only `failed` makes the check exit non-zero.
 */
type CheckStatus = 'passed' | 'warning' | 'failed' | 'skipped';

/**
 * One check's outcome as the report shows it. Nothing in it may quote a secret's or a variable's
 * value: `subject` names where the configuration came from, `details` say what was found or what
 * is wrong, one field per line.
 */
interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  readonly subject: string;
  readonly details: readonly string[];
}

const passed = (name: string, subject: string, details: readonly string[] = []): CheckResult => ({
  name,
  status: 'passed',
  subject,
  details,
});

const warned = (name: string, subject: string, details: readonly string[]): CheckResult => ({
  name,
  status: 'warning',
  subject,
  details,
});

const failed = (name: string, subject: string, details: readonly string[]): CheckResult => ({
  name,
  status: 'failed',
  subject,
  details,
});

const skipped = (name: string, subject: string): CheckResult => ({ name, status: 'skipped', subject, details: [] });

/** 1 when any check failed, else 0: what a script or CI step branches on. */
const exitCodeFor = (results: readonly CheckResult[]): 0 | 1 =>
  results.some((result) => result.status === 'failed') ? 1 : 0;

export { type CheckResult, type CheckStatus, exitCodeFor, failed, passed, skipped, warned };
