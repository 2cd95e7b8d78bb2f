/**
 * The `fraction` quantile (0.5 for the median, 0.99 for p99) by the nearest-rank method: always a
 * value that was really measured, never an interpolation between two.
 */
const quantile = (values: readonly number[], fraction: number): number => {
  if (values.length === 0) throw new Error('No values to take a quantile of.');
  if (!(fraction > 0 && fraction <= 1)) throw new Error(`The fraction must be in (0, 1], not ${fraction}.`);
  const sorted = values.toSorted((left, right) => left - right);
  return sorted[Math.ceil(fraction * sorted.length) - 1] as number;
};

const median = (values: readonly number[]): number => quantile(values, 0.5);

/** `part / whole`, kept to three decimals: the precision the report shows. */
const ratio = (part: number, whole: number): number => round(part / whole, 3);

const round = (value: number, decimals: number): number => {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
};

export { median, quantile, ratio, round };
