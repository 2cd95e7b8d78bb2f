import type { CheckResult, CheckStatus } from './check-result';

const MARKS: Readonly<Record<CheckStatus, string>> = {
  passed: 'ok  ',
  warning: 'warn',
  failed: 'FAIL',
  skipped: 'skip',
};

const NAME_WIDTH = 'stack context'.length;

const formatResult = ({ name, status, subject, details }: CheckResult): string[] => [
  `${MARKS[status]}  ${name.padEnd(NAME_WIDTH)}  ${subject}`,
  ...details.map((detail) => `${' '.repeat(8)}- ${detail}`),
];

const verdict = (results: readonly CheckResult[]): string => {
  const failures = results.filter(({ status }) => status === 'failed').length;
  if (failures > 0) return `${failures} ${failures === 1 ? 'check' : 'checks'} failed.`;
  const warnings = results.some(({ status }) => status === 'warning');
  return warnings ? 'All checks passed, with warnings.' : 'All checks passed.';
};

/**
 * The report a person reads in a terminal or a CI log: one line per check with its mark, then one
 * line per finding, then the verdict. It is plain text so that it greps and diffs well.
 */
const formatReport = (results: readonly CheckResult[]): string =>
  `${[...results.flatMap(formatResult), '', verdict(results)].join('\n')}\n`;

export { formatReport };
