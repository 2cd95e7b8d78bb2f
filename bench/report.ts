import type { Verdict } from './goals';
import type { BenchResults } from './results';

interface ReportSettings {
  readonly warmProcesses: number;
  readonly warmTimed: number;
  readonly loadConnections: number;
  readonly loadSeconds: number;
}

const integer = (value: number): string => Math.round(value).toLocaleString('en-US');
const decimal = (value: number, digits = 1): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const signed = (value: number): string => `${value >= 0 ? '+' : ''}${decimal(value)}`;

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

const verdictOf = (verdicts: readonly Verdict[], name: string): string => {
  const verdict = verdicts.find((candidate) => candidate.name === name);
  if (verdict === undefined) return '';
  const goal = verdict.limit === 0 ? 'none' : `≤ ${verdict.limit}`;
  return `${goal}: ${verdict.met ? 'met' : '**missed**'}`;
};

/**
 * The results as a Markdown table (readable in a terminal, and pasted as is into the README):
 * adapter and baseline side by side, the ratio or difference, and each goal with its verdict.
 */
const renderReport = (results: BenchResults, verdicts: readonly Verdict[], settings: ReportSettings): string => {
  const { bundle, coldStart, warm, localServer } = results;
  const perThousand = `per 1,000 warm requests (${settings.warmProcesses} processes × ${integer(settings.warmTimed)})`;
  return [
    row(['measure', 'adapter', 'baseline', 'adapter vs baseline', 'goal']),
    row(['---', '---:', '---:', '---:', '---']),
    row([
      'code loaded by the first answer (bytes)',
      integer(bundle.adapterStartupBytes),
      integer(bundle.baselineBytes),
      `× ${decimal(bundle.ratio, 3)}`,
      verdictOf(verdicts, 'bundle.ratio'),
    ]),
    row(['whole bundle, split-off chunks included (bytes)', integer(bundle.adapterBytes), '', '', '']),
    row([
      `cold start, median of ${coldStart.runs} fresh processes (ms)`,
      decimal(coldStart.adapterMs),
      decimal(coldStart.baselineMs),
      `× ${decimal(coldStart.ratio, 3)}`,
      verdictOf(verdicts, 'coldStart.ratio'),
    ]),
    row([
      'warm invocation p50 (µs)',
      decimal(warm.adapterP50Us),
      decimal(warm.baselineP50Us),
      `${signed(warm.overheadP50Us)} µs (× ${decimal(warm.ratio, 3)})`,
      verdictOf(verdicts, 'warm.overheadP50Us'),
    ]),
    row(['warm invocation p99 (µs)', decimal(warm.adapterP99Us), decimal(warm.baselineP99Us), '', '']),
    row([
      `secret fetches ${perThousand}`,
      decimal(results.secretFetchesPer1000, 3),
      '',
      '',
      verdictOf(verdicts, 'secretFetchesPer1000'),
    ]),
    row([
      `upstream connections ${perThousand}`,
      decimal(results.upstreamConnectionsPer1000, 3),
      '',
      '',
      verdictOf(verdicts, 'upstreamConnectionsPer1000'),
    ]),
    row([
      `local server, ${settings.loadConnections} connections for ${settings.loadSeconds} s`,
      `${integer(localServer.rps)} req/s, p99 ${decimal(localServer.p99Ms)} ms, ${localServer.errors} errors`,
      '',
      '',
      verdictOf(verdicts, 'localServer.errors'),
    ]),
  ].join('\n');
};

export { type ReportSettings, renderReport };
