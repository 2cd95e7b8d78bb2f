import type { FieldSource } from './field-source';
import { FIELD_SPELLINGS, type PayloadField } from './field-spellings';

/** One value found for a field, with where it was found, worded for an error message. */
interface Sighting {
  readonly where: string;
  readonly value: unknown;
}

/**
 * Every value sent for `field`, under any of its spellings, in every source, in source order. All
 * are kept (none wins) so that the caller can check they agree.
 */
const sightingsOf = (field: PayloadField, sources: readonly FieldSource[]): Sighting[] => {
  const spellings = FIELD_SPELLINGS[field];
  const sightings: Sighting[] = [];
  for (const { origin, fields } of sources) {
    for (const spelling of spellings) {
      if (!fields.has(spelling)) continue;
      const where = spelling === spellings[0] ? origin : `${origin} as ${spelling}`;
      sightings.push({ where, value: fields.get(spelling) });
    }
  }
  return sightings;
};

/**
 * Splits each list into one sighting per entry, for fields that hold a single value: a repeated
 * query key or a JSON array then agrees with itself or clashes like any two sources would. An
 * empty list stays whole, so that it is refused rather than taken as absent.
 */
const entriesOf = (sightings: readonly Sighting[]): Sighting[] => {
  const entries: Sighting[] = [];
  for (const { where, value } of sightings) {
    if (Array.isArray(value) && value.length > 0) for (const entry of value) entries.push({ where, value: entry });
    else entries.push({ where, value });
  }
  return entries;
};

export { entriesOf, type Sighting, sightingsOf };
