import { isProblem } from '../../lambda/http/problem';

/**
 * The openings the validators put before their list of reasons, each with the words that keep a
 * reason clear once it stands on its own line ("it is not valid JSON" says little without them).
 */
const LEAD_INS: readonly { readonly opening: string; readonly topic: string }[] = [
  { opening: 'The secret is invalid: ', topic: '' },
  { opening: 'Invalid "schedules" context: ', topic: 'schedules: ' },
  { opening: 'Invalid context: ', topic: '' },
];

/**
 * Where one reason ends and the next begins: "; " before a field ("field x ...", "unknown field
 * x", "key: ..."), and not the "; " some reasons hold themselves ("...; for a partial ARN use
 * secretName").
 */
const NEXT_REASON = /; (?=(?:unknown )?field |[\w.[\]]+: )/;

/** A schedules entry's label (`schedules[0] "nightly"`), which the stack puts once before its fields. */
const ENTRY_LABEL = /^(schedules\[\d+\](?: "[^"]*")?): (.*)$/s;

/**
 * Splits a validator's message into one reason per field. The validators (the secret's parser,
 * the stack's context readers) join their reasons with "; " after an opening such as "The secret
 * is invalid: ", which suits a 500 detail or a synth error; a terminal reads better with one line
 * per field, each keeping the schedule entry it is about. A message without such an opening is
 * one reason, kept whole.
 */
const splitReasons = (message: string): string[] => {
  const trimmed = message.trim();
  const leadIn = LEAD_INS.find(({ opening }) => trimmed.startsWith(opening));
  if (leadIn === undefined) return [trimmed];
  const body = trimmed.slice(leadIn.opening.length).replace(/\.$/, '');
  const entry = ENTRY_LABEL.exec(body);
  const label = entry === null ? leadIn.topic : `${entry[1]}: `;
  return (entry?.[2] ?? body)
    .split(NEXT_REASON)
    .filter((reason) => reason !== '')
    .map((reason) => `${label}${reason}`);
};

/**
 * The reasons a failed load gives, field by field. A Problem's detail is written never to
 * quote a secret or a variable's value; any other error is unexpected, and only its name is
 * shown, since its message was not written with that care.
 */
const problemReasons = (error: unknown): string[] =>
  isProblem(error)
    ? splitReasons(error.detail)
    : [`unexpected failure (${error instanceof Error ? error.name : typeof error})`];

export { problemReasons, splitReasons };
