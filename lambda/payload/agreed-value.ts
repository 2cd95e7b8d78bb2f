import { briefValue } from './brief-value';
import { accepted, type Reading, refused } from './reading';
import type { Sighting } from './sightings';

/** How one field's values are read and compared. */
interface FieldRule<T> {
  readonly read: (raw: unknown) => Reading<T>;
  readonly same: (left: T, right: T) => boolean;
}

const times = (count: number): string => (count === 2 ? 'twice' : `${count} times`);

/**
 * The one value all sightings of a field stand for, once each is read; `undefined` when there is
 * none. A value that cannot be read is refused with where it was found; values that differ after
 * reading (`"42"` and 42 do not) are refused together, since picking one would silently drop what
 * the caller meant somewhere else.
 */
const agreedValue = <T>(sightings: readonly Sighting[], rule: FieldRule<T>): Reading<T | undefined> => {
  const refusals: string[] = [];
  const values: { where: string; value: T }[] = [];
  for (const { where, value } of sightings) {
    const reading = rule.read(value);
    if (reading.ok) values.push({ where, value: reading.value });
    else refusals.push(`${reading.reason} (in ${where})`);
  }
  if (refusals.length > 0) return refused(refusals.join('; '));

  const [first] = values;
  if (first === undefined) return accepted(undefined);
  if (values.every(({ value }) => rule.same(first.value, value))) return accepted(first.value);

  const listed = values.map(({ where, value }) => `${where}: ${briefValue(value)}`).join(', ');
  return refused(`was given ${times(values.length)} with different values (${listed})`);
};

export { agreedValue, type FieldRule };
