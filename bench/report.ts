import type { Verdict } from './goals';
import type { BenchResults } from './results';

interface ReportSettings {
  readonly warmProcesses: number;
  readonly warmTimed: number;
  readonly growthProcesses: number;
  readonly growthTimed: number;
  readonly loadConnections: number;
  readonly loadSeconds: number;
}

const NOT_MEASURED = 'not measured yet';

const integer = (value: number): string => Math.round(value).toLocaleString('en-US');
const decimal = (value: number, digits = 1): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const signed = (value: number): string => `${value >= 0 ? '+' : ''}${decimal(value)}`;
const times = (value: number | null): string => (value === null ? 'n/a' : `× ${decimal(value, 3)}`);

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const table = (header: readonly string[], alignments: readonly string[], rows: readonly string[][]): string =>
  [row(header), row(alignments), ...rows.map(row)].join('\n');

/** Adapter, baseline and peer side by side, each ratio against the baseline and against the peer. */
const contendersTable = (results: BenchResults, settings: ReportSettings): string => {
  const { bundle, coldStart, warm, memory, peer, peerVsBaseline: peerVs, adapterVsPeer: vsPeer } = results;
  const perThousand = `per 1,000 warm requests (${settings.warmProcesses} processes × ${integer(settings.warmTimed)})`;
  return table(
    ['measure', 'adapter', 'baseline', 'peer', 'adapter vs baseline', 'peer vs baseline', 'adapter vs peer'],
    ['---', '---:', '---:', '---:', '---:', '---:', '---:'],
    [
      [
        'code loaded by the first answer (bytes)',
        integer(bundle.adapterStartupBytes),
        integer(bundle.baselineBytes),
        integer(peer.startupBytes),
        times(bundle.ratio),
        times(peerVs.startupBytesRatio),
        times(vsPeer.startupBytesRatio),
      ],
      ['whole bundle, split-off chunks included (bytes)', integer(bundle.adapterBytes), '', '', '', '', ''],
      [
        `cold start, median of ${coldStart.runs} fresh processes (ms)`,
        decimal(coldStart.adapterMs),
        decimal(coldStart.baselineMs),
        decimal(peer.coldStartMs),
        times(coldStart.ratio),
        times(peerVs.coldStartRatio),
        times(vsPeer.coldStartRatio),
      ],
      [
        'warm invocation p50 (µs)',
        decimal(warm.adapterP50Us),
        decimal(warm.baselineP50Us),
        decimal(peer.warmP50Us),
        `${signed(warm.overheadP50Us)} µs (${times(warm.ratio)})`,
        `${signed(peerVs.overheadP50Us)} µs (${times(peerVs.warmP50Ratio)})`,
        `${times(vsPeer.warmP50Ratio)}; overhead ${times(vsPeer.warmOverheadRatio)}`,
      ],
      [
        'warm invocation p99 (µs)',
        decimal(warm.adapterP99Us),
        decimal(warm.baselineP99Us),
        decimal(peer.warmP99Us),
        '',
        '',
        '',
      ],
      [
        'peak resident memory of a warm process (MiB)',
        decimal(memory.adapterRssMiB),
        decimal(memory.baselineRssMiB),
        decimal(peer.rssMiB),
        times(memory.ratio),
        times(peerVs.rssRatio),
        times(vsPeer.rssRatio),
      ],
      [`secret fetches ${perThousand}`, decimal(results.secretFetchesPer1000, 3), '', '', '', '', ''],
      [`upstream connections ${perThousand}`, decimal(results.upstreamConnectionsPer1000, 3), '', '', '', '', ''],
      [
        `local server, ${settings.loadConnections} connections for ${settings.loadSeconds} s`,
        `${integer(results.localServer.rps)} req/s, p99 ${decimal(results.localServer.p99Ms)} ms, ${results.localServer.errors} errors`,
        '',
        '',
        '',
        '',
        '',
      ],
    ],
  );
};

/** The adapter's warm p50 as the work grows, and the other figures measured apart. */
const growthTable = (results: BenchResults, settings: ReportSettings): string => {
  const { growth, asyncAccept } = results;
  const calls = results.upstreamCallsPerDeliveryUnder429;
  return table(
    [
      `as the work grows (adapter unless named; warm p50, ${settings.growthProcesses} processes × ${integer(settings.growthTimed)})`,
      'µs',
      'against',
    ],
    ['---', '---:', '---'],
    [
      ['no custom events', decimal(growth.events0P50Us), ''],
      ['10 custom events', decimal(growth.events10P50Us), `${times(growth.events10Ratio)} no events`],
      ['50 custom events', decimal(growth.events50P50Us), `${times(growth.events50Ratio)} no events`],
      ['baseline, no custom events', decimal(growth.baselineEvents0P50Us), ''],
      [
        'baseline, 50 custom events',
        decimal(growth.baselineEvents50P50Us),
        `${times(growth.baselineEvents50Ratio)} no events`,
      ],
      ['one event, JSON answer', decimal(growth.jsonP50Us), ''],
      ['one event, XML answer', decimal(growth.xmlP50Us), `${times(growth.xmlRatio)} JSON answer`],
      ['one event, 60 KiB body', decimal(growth.body60KiBP50Us), `${times(growth.body60KiBRatio)} JSON answer`],
      ['async run accepted (202)', decimal(asyncAccept.acceptP50Us), `${times(asyncAccept.ratio)} sync run`],
      ['upstream calls per delivery under persistent 429', calls === null ? NOT_MEASURED : decimal(calls, 2), ''],
    ],
  );
};

const verdictText = ({ met }: Verdict): string => {
  if (met === null) return NOT_MEASURED;
  return met ? 'met' : '**missed**';
};

const goalsTable = (verdicts: readonly Verdict[]): string =>
  table(
    ['goal', 'this run', 'limit', 'verdict'],
    ['---', '---:', '---:', '---'],
    verdicts.map((verdict) => [
      `\`${verdict.name}\``,
      verdict.value === null ? '' : decimal(verdict.value, 3),
      `${verdict.below ? '<' : '≤'} ${decimal(verdict.limit, 3)}`,
      verdictText(verdict),
    ]),
  );

/**
 * The results as Markdown tables (readable in a terminal, and pasted as is into
 * docs/performance.md): the three contenders side by side with every ratio, the adapter's cost as
 * the work grows, and each goal with its verdict.
 */
const renderReport = (results: BenchResults, verdicts: readonly Verdict[], settings: ReportSettings): string =>
  [contendersTable(results, settings), growthTable(results, settings), goalsTable(verdicts)].join('\n\n');

export { type ReportSettings, renderReport };
