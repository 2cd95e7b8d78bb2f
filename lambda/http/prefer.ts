/** One preference, or parameter, as text: commas and semicolons inside a quoted string are its own. */
const PREFERENCE = /(?:[^,"]|"(?:[^"\\]|\\.)*")+/g;

/**
 * True when a `Prefer` header (RFC 7240; several headers arrive joined by commas) holds the
 * `respond-async` preference: its token, in any case, before any `=value` or `;parameter`.
 * A quoted value that happens to read `respond-async` is not the preference.
 */
const prefersRespondAsync = (header: string | undefined): boolean =>
  header?.match(PREFERENCE)?.some((preference) => /^\s*respond-async\s*(?:[=;]|$)/i.test(preference)) ?? false;

export { prefersRespondAsync };
