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

/** How far into nested lists and objects a sketch looks, and how many members of each it shows. */
const MAX_DEPTH = 3;
const MAX_MEMBERS = 4;

/**
 * A JSON-like sketch of a value that looks only a few levels deep and a few members wide, so a
 * value nested thousands deep (which `JSON.stringify` would overflow the stack on) costs no more
 * than a flat one.
 */
const sketch = (value: unknown, depth: number): string => {
  if (typeof value === 'string') return JSON.stringify(cut(value, MAX_ECHO_CHARACTERS));
  if (typeof value !== 'object' || value === null) return String(JSON.stringify(value) ?? value);
  const entries = Array.isArray(value) ? value.map((member) => ['', member] as const) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return `${open}${close}`;
  if (depth >= MAX_DEPTH) return `${open}…${close}`;
  const shown = entries
    .slice(0, MAX_MEMBERS)
    .map(
      ([key, member]) =>
        `${key === '' ? '' : `${JSON.stringify(cut(key, MAX_ECHO_CHARACTERS))}:`}${sketch(member, depth + 1)}`,
    );
  return `${open}${shown.join(',')}${entries.length > MAX_MEMBERS ? ',…' : ''}${close}`;
};

/**
 * A caller's value as an error message may quote it: JSON-like (so control characters show as
 * escapes and strings are quoted) and cut to about 40 characters, so a huge, deep or hostile input
 * is never echoed whole into a response or a log, and never costs more than a glance to describe.
 */
const briefValue = (value: unknown): string =>
  typeof value === 'string' ? sketch(value, 0) : cut(sketch(value, 0), MAX_ECHO_CHARACTERS);

export { briefValue };
