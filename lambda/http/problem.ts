/** One field-level reason a payload was refused, as listed in a 400 problem's `errors`. */
interface FieldError {
  field: string;
  message: string;
}

/**
 * An error that carries its own HTTP answer. Any module may throw it; the error middleware turns it
 * into an RFC 9457 `application/problem+json` body, so the decision about what the caller sees is
 * made where the failure is understood, not in a catch-all.
 */
class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'Problem';
  }
}

/** A problem's `type` URI, made from its title: one title, one type, wherever it is rendered. */
const problemType = (title: string): string =>
  `urn:which50-import-webhook:problem:${title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;

const isProblem = (error: unknown): error is Problem => error instanceof Problem;

/** A payload that could not become a command: 400 with one entry per refused field. */
const invalidPayload = (errors: readonly FieldError[]): Problem =>
  new Problem(400, 'Invalid payload', errors.map(({ field, message }) => `${field}: ${message}`).join('; '), {
    errors,
  });

/**
 * The adapter's own settings are broken (a secret field, an environment variable). The detail names
 * what is wrong and never quotes a value, which may be a credential.
 */
const misconfigured = (detail: string): Problem => new Problem(500, 'Adapter misconfigured', detail);

/** A body that is not what its Content-Type claims (broken JSON, say). */
const malformedBody = (detail: string): Problem => new Problem(400, 'Malformed body', detail);

export { type FieldError, invalidPayload, isProblem, malformedBody, misconfigured, Problem, problemType };
