import { parseAdapterSecret } from '../../lambda/secrets/adapter-secret';
import { problemReasons } from './reasons';

/** Stand-ins for the parts of a secret not being looked at, valid whatever the rules of the day. */
const NEUTRAL_BASE_URL = 'https://which50.invalid/Which50API';
const NEUTRAL_AUTH = { scheme: 'bearer', token: 'a-neutral-stand-in-token' };
const NEUTRAL_WHICH50 = { baseUrl: NEUTRAL_BASE_URL, auth: NEUTRAL_AUTH };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every reason the function's parser (which judges the inbound credentials too) refuses this secret text for. */
const reasonsFor = (text: string, allowHttpUpstream: boolean): string[] => {
  try {
    parseAdapterSecret(text, { allowHttpUpstream });
    return [];
  } catch (error) {
    return problemReasons(error);
  }
};

/**
 * Every problem of a secret's JSON text, each once, by field and never by value. The function's
 * parser stops at the first stage that fails (the shape, then the base URL, then the inbound
 * credentials), which suits a 500, but an operator fixing a secret wants the whole list at once; so
 * the whole secret is checked, and then each part of it (the base URL, the upstream credential,
 * the inbound part and each of its fields) beside stand-ins for the others, so that one broken
 * part never hides another.
 */
const secretProblems = (text: string, options: { allowHttpUpstream: boolean }): string[] => {
  const whole = reasonsFor(text, options.allowHttpUpstream);
  if (whole.length === 0) return [];
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return whole;
  }
  if (!isRecord(document)) return whole;
  const which50 = isRecord(document.which50) ? document.which50 : undefined;
  const parts = [
    ...(which50 === undefined
      ? []
      : [
          { which50: { baseUrl: which50.baseUrl, auth: NEUTRAL_AUTH } },
          { which50: { baseUrl: NEUTRAL_BASE_URL, auth: which50.auth } },
        ]),
    { which50: NEUTRAL_WHICH50, inbound: document.inbound },
    ...Object.entries(isRecord(document.inbound) ? document.inbound : {}).map(([name, value]) => ({
      which50: NEUTRAL_WHICH50,
      inbound: { [name]: value },
    })),
  ];
  const partReasons = parts.flatMap((part) => reasonsFor(JSON.stringify(part), options.allowHttpUpstream));
  return [...new Set([...whole, ...partReasons])];
};

export { secretProblems };
