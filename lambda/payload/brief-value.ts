const MAX_ECHO_CHARACTERS = 40;

/** Keeps the first `limit` code points, marking the cut, so a surrogate pair is never split. */
const cut = (text: string, limit: number): string => {
  let kept = '';
  let count = 0;
  for (const character of text) {
    if (count === limit) return `${kept}…`;
    kept += character;
    count += 1;
  }
  return kept;
};

/**
 * `JSON.stringify`, or a bare bracket pair for a value nested too deep for it (a body may nest
 * thousands of levels within its 64 KiB, and the stack overflow must not become a 500).
 */
const stringified = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? '[…]' : '{…}';
  }
};

/**
 * A caller's value as an error message may quote it: JSON-like (so control characters show as
 * escapes and strings are quoted) and cut to about 40 characters, so a huge, deep or hostile input
 * is never echoed whole into a response or a log.
 */
const briefValue = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(cut(value, MAX_ECHO_CHARACTERS));
  return cut(stringified(value), MAX_ECHO_CHARACTERS);
};

export { briefValue };
