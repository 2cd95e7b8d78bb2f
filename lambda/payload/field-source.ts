/**
 * Where a caller's value was found, as error messages name it. `body data` is the object a JSON
 * body may wrap its fields in (`{"data":{...}}`).
 */
type FieldOrigin = 'path' | 'query' | 'body' | 'body data' | 'schedule';

/**
 * The values sent from one place, keyed exactly as the caller spelled them. A value is a string
 * (path, query or form), a list (a repeated query or form key, or a JSON array) or any other JSON
 * value. A Map, so that a key like `__proto__` is only ever data.
 */
interface FieldSource {
  readonly origin: FieldOrigin;
  readonly fields: ReadonlyMap<string, unknown>;
}

/** What a request body held: the top-level fields and, when present, the `data` wrapper's fields. */
type BodyFields = readonly FieldSource[];

/** Path parameters as a source; a parameter API Gateway left undefined was not sent. */
const pathSource = (path: Readonly<Record<string, string | undefined>>): FieldSource => {
  const fields = new Map<string, unknown>();
  for (const [key, value] of Object.entries(path)) {
    if (value !== undefined) fields.set(key, value);
  }
  return { origin: 'path', fields };
};

/**
 * Multi-value query parameters, as API Gateway gives them, as a source: a key given once is a
 * single string (which may hold a comma-separated list), a key given more than once is a list, as
 * a repeated form key is; a key with no values was not sent.
 */
const querySource = (query: Readonly<Record<string, readonly string[] | undefined>>): FieldSource => {
  const fields = new Map<string, unknown>();
  for (const [key, values = []] of Object.entries(query)) {
    if (values.length === 1) fields.set(key, values[0]);
    else if (values.length > 1) fields.set(key, [...values]);
  }
  return { origin: 'query', fields };
};

export { type BodyFields, type FieldOrigin, type FieldSource, pathSource, querySource };
