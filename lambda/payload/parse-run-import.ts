import { type FieldError, invalidPayload } from '../http/problem';
import { agreedValue, type FieldRule } from './agreed-value';
import { readCustomEvents } from './custom-events';
import { type BodyFields, type FieldSource, pathSource, querySource } from './field-source';
import type { PayloadField } from './field-spellings';
import { readId } from './import-id';
import { accepted, type Reading, refused } from './reading';
import type { ImportJobRef, RunImportCommand } from './run-import-command';
import { entriesOf, sightingsOf } from './sightings';

/** The places a run-import request may carry its fields, as the HTTP layer hands them over. */
interface RunImportSources {
  readonly path?: Readonly<Record<string, string | undefined>>;
  readonly query?: Readonly<Record<string, readonly string[] | undefined>>;
  readonly body?: BodyFields;
}

const ID_RULE: FieldRule<number> = { read: readId, same: (left, right) => left === right };

const EVENTS_RULE: FieldRule<readonly string[]> = {
  read: readCustomEvents,
  same: (left, right) => left.length === right.length && left.every((name, index) => name === right[index]),
};

const requiredId = (field: 'contactListId' | 'importJobId', sources: readonly FieldSource[]): Reading<number> => {
  const agreed = agreedValue(entriesOf(sightingsOf(field, sources)), ID_RULE);
  if (!agreed.ok) return agreed;
  return agreed.value === undefined ? refused('is required') : accepted(agreed.value);
};

const customEventsOf = (sources: readonly FieldSource[]): Reading<readonly string[]> => {
  const agreed = agreedValue(sightingsOf('customEvents', sources), EVENTS_RULE);
  return agreed.ok ? accepted(agreed.value ?? []) : agreed;
};

const refusalsOf = (readings: Partial<Record<PayloadField, Reading<unknown>>>): FieldError[] =>
  Object.entries(readings).flatMap(([field, reading]) => (reading.ok ? [] : [{ field, message: reading.reason }]));

/** Every place a request carries its fields, path first, as one list to read fields from. */
const sourcesOf = ({ path, query, body }: RunImportSources): FieldSource[] => [
  ...(path === undefined ? [] : [pathSource(path)]),
  ...(query === undefined ? [] : [querySource(query)]),
  ...(body ?? []),
];

/**
 * Turns whatever a caller sent (ids in the path, fields in the query, a JSON or form body, or any
 * mix) into the one command to run. Every spelling in every place counts and must agree, so a
 * request is never run with a value the caller did not mean. Throws a 400 problem listing every
 * refused field at once, so that the caller can fix the request in one go.
 */
const parseRunImport = (sources: RunImportSources): RunImportCommand => {
  const all = sourcesOf(sources);
  const contactListId = requiredId('contactListId', all);
  const importJobId = requiredId('importJobId', all);
  const customEvents = customEventsOf(all);
  if (!contactListId.ok || !importJobId.ok || !customEvents.ok) {
    throw invalidPayload(refusalsOf({ contactListId, importJobId, customEvents }));
  }
  return { contactListId: contactListId.value, importJobId: importJobId.value, customEvents: customEvents.value };
};

/**
 * Reads the ids of `GET /contact-lists/{contactListId}/imports/{importJobId}` from its path, by
 * the same rules as a run, so that `/contact-lists/abc/...` is a 400 and not an upstream call.
 */
const parseImportJobRef = (path: Readonly<Record<string, string | undefined>>): ImportJobRef => {
  const sources = [pathSource(path)];
  const contactListId = requiredId('contactListId', sources);
  const importJobId = requiredId('importJobId', sources);
  if (!contactListId.ok || !importJobId.ok) throw invalidPayload(refusalsOf({ contactListId, importJobId }));
  return { contactListId: contactListId.value, importJobId: importJobId.value };
};

export { parseImportJobRef, parseRunImport, type RunImportSources, sourcesOf };
