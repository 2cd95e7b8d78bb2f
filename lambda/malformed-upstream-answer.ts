import { Problem } from './http/problem';

/** How much of an upstream value a problem detail may quote: enough to recognise, too little to leak. */
const MAX_QUOTED_CHARACTERS = 40;

/**
 * The 502 for an upstream answer the adapter cannot read (a missing id, a date that is no date, a
 * body that is neither JSON nor XML). The caller learns the run's outcome is unknown to the adapter,
 * not that the caller did something wrong.
 */
const malformedUpstreamAnswer = (detail: string): Problem => new Problem(502, 'Upstream answer malformed', detail);

/**
 * A short, JSON-quoted piece of an upstream value for a problem detail. Details reach callers and
 * logs, so they name what was wrong without ever carrying a whole upstream body; quoting escapes
 * control characters so a value cannot forge log lines.
 */
const quoteUpstreamText = (text: string): string => {
  const characters = Array.from(text.slice(0, 2 * MAX_QUOTED_CHARACTERS + 2));
  const shown = characters.slice(0, MAX_QUOTED_CHARACTERS).join('');
  return JSON.stringify(characters.length > MAX_QUOTED_CHARACTERS ? `${shown}…` : shown);
};

/** What an upstream value was, for a detail: a short quote of text or a number, the kind of anything else. */
const describeUpstreamValue = (value: unknown): string => {
  if (typeof value === 'string') return quoteUpstreamText(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
};

export { describeUpstreamValue, MAX_QUOTED_CHARACTERS, malformedUpstreamAnswer, quoteUpstreamText };
