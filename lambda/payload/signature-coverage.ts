import { Problem } from '../http/problem';
import { pathSource, querySource } from './field-source';
import { FIELD_SPELLINGS, type PayloadField } from './field-spellings';
import type { RunImportSources } from './parse-run-import';
import { sightingsOf } from './sightings';

/** The fields a command may take: every one of them must be signed when a signature let the request in. */
const COMMAND_FIELDS = Object.keys(FIELD_SPELLINGS) as readonly PayloadField[];

/**
 * The command's fields that the path or query gives and the body does not. A signature covers the
 * body only, so these are the values a replayed signed delivery could change at will.
 */
const fieldsOutsideBody = ({ path, query, body = [] }: RunImportSources): PayloadField[] => {
  const outside = [
    ...(path === undefined ? [] : [pathSource(path)]),
    ...(query === undefined ? [] : [querySource(query)]),
  ];
  return COMMAND_FIELDS.filter(
    (field) => sightingsOf(field, outside).length > 0 && sightingsOf(field, body).length === 0,
  );
};

const unsignedInput = (fields: readonly PayloadField[]): Problem =>
  new Problem(
    403,
    'Unsigned input',
    `${fields.join(', ')} came from the path or query, which the signature does not cover; put ${
      fields.length === 1 ? 'it' : 'them'
    } in the signed body, or give the signing credential a scope.`,
    { errors: fields.map((field) => ({ field, message: 'is not in the signed body' })) },
  );

/**
 * Refuses (403) a signed request whose command is not wholly inside its signed body, for a
 * credential without a scope: anyone holding one captured delivery could otherwise send it to any
 * path, or add events in the query, and it would still verify. A path or query value that repeats
 * the body is fine (one that differs is already the 400 clash). A scoped credential may name the
 * job in the path, since its scope bounds what a replay can run.
 */
const assertSignatureCovers = (sources: RunImportSources): void => {
  const outside = fieldsOutsideBody(sources);
  if (outside.length > 0) throw unsignedInput(outside);
};

export { assertSignatureCovers, fieldsOutsideBody };
