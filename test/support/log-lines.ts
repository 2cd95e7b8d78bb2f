import { type MockInstance, vi } from 'vitest';

/** One JSON line the function printed: an outcome line, another log line, or an EMF metrics set. */
// biome-ignore lint/suspicious/noExplicitAny: a printed line is any JSON; tests read its members freely
type PrintedLine = Readonly<Record<string, any>>;

interface PrintedOutput {
  /** Everything written to stdout and stderr since the capture began, as written. */
  text(): string;
  /** Every JSON line written, parsed, in order. */
  lines(): PrintedLine[];
  /** The outcome lines (one per invocation). */
  outcomes(): PrintedLine[];
  /** The embedded-metric-format sets, by what each carries: metric name to value (or values). */
  metricSets(): Record<string, number | number[]>[];
  /** Stops capturing. */
  restore(): void;
}

const textOf = (chunk: unknown): string =>
  typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');

const parsed = (line: string): PrintedLine | undefined => {
  if (!line.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as PrintedLine;
  } catch {
    return undefined;
  }
};

const isMetricSet = (line: PrintedLine): boolean => line._aws !== undefined;

const metricValues = (line: PrintedLine): Record<string, number | number[]> => {
  const names: string[] = line._aws.CloudWatchMetrics.flatMap((set: { Metrics: { Name: string }[] }) =>
    set.Metrics.map(({ Name }) => Name),
  );
  return Object.fromEntries(names.map((name) => [name, line[name]]));
};

/**
 * Watches what the function prints, on top of the leak check's own capture (which still withholds
 * it from the terminal and scans it for secrets). Log lines and metrics are single JSON lines, so
 * each written chunk is split into lines and each line parsed.
 */
const capturePrintedOutput = (): PrintedOutput => {
  const spies: MockInstance[] = [vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write')];
  /** Chunks of both streams in the order they were written (vitest numbers calls across mocks). */
  const chunks = (): string[] =>
    spies
      .flatMap((spy) =>
        spy.mock.calls.map(([chunk], index) => ({ order: spy.mock.invocationCallOrder[index] ?? 0, chunk })),
      )
      .toSorted((a, b) => a.order - b.order)
      .map(({ chunk }) => textOf(chunk));
  const text = (): string => chunks().join('');
  const lines = (): PrintedLine[] =>
    chunks()
      .flatMap((chunk) => chunk.split('\n'))
      .map(parsed)
      .filter((line): line is PrintedLine => line !== undefined);
  return {
    text,
    lines,
    outcomes: () => lines().filter((line) => typeof line.outcome === 'string'),
    metricSets: () => lines().filter(isMetricSet).map(metricValues),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
};

export { capturePrintedOutput, type PrintedLine, type PrintedOutput };
