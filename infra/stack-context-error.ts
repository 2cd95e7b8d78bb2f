/**
 * The stack's context is wrong: every problem found, each a phrase naming the key (and, for a
 * schedule, the entry and field). The app prints the message as one line, without a stack trace,
 * since the fix is in the command or in cdk.json, never in the code.
 */
class StackContextError extends Error {
  override readonly name = 'StackContextError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid context: ${problems.join('; ')}.`);
    this.problems = problems;
  }
}

/** The outcome of reading the context without throwing: the value, or every problem at once. */
type ContextReading<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly string[] };

export { type ContextReading, StackContextError };
