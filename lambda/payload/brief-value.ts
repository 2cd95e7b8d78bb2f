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
 * A caller's value as an error message may quote it: JSON-like (so control characters show as
 * escapes and strings are quoted) and cut to about 40 characters, so a huge or hostile input is
 * never echoed whole into a response or a log.
 */
const briefValue = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(cut(value, MAX_ECHO_CHARACTERS));
  return cut(JSON.stringify(value) ?? String(value), MAX_ECHO_CHARACTERS);
};

export { briefValue };
