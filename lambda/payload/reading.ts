/**
 * The outcome of reading one caller-supplied value without throwing: the value, or why it was
 * refused, as a phrase that completes "<field> ...". Not throwing lets a parser check every field
 * and report all refusals in one answer.
 */
type Reading<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const accepted = <T>(value: T): Reading<T> => ({ ok: true, value });

const refused = <T = never>(reason: string): Reading<T> => ({ ok: false, reason });

export { accepted, type Reading, refused };
