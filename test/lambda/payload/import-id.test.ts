import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ID, readId } from '../../../lambda/payload/import-id';

describe('readId', () => {
  it('accepts 1, the smallest id', () => {
    expect(readId(1)).toEqual({ ok: true, value: 1 });
  });

  it(`accepts ${MAX_ID}, the largest id`, () => {
    expect(readId(MAX_ID)).toEqual({ ok: true, value: MAX_ID });
  });

  it('accepts a decimal string with surrounding whitespace and leading zeros', () => {
    expect(readId(' \t0042\n')).toEqual({ ok: true, value: 42 });
  });

  it('refuses with the rule and the value sent', () => {
    expect(readId('1.5')).toEqual({ ok: false, reason: 'must be an integer from 1 to 2147483647, not "1.5"' });
  });

  it('refuses undefined', () => {
    expect(readId(undefined).ok).toBe(false);
  });

  it('reads any id in range, as a number or as a padded decimal string', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_ID }), fc.nat(5), fc.constantFrom('', ' ', '\t'), (id, zeros, pad) => {
        expect(readId(id)).toEqual({ ok: true, value: id });
        expect(readId(`${pad}${'0'.repeat(zeros)}${id}${pad}`)).toEqual({ ok: true, value: id });
      }),
    );
  });

  it('refuses any integer out of range, as a number or as a string', () => {
    const outOfRange = fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: MAX_ID + 1, max: Number.MAX_SAFE_INTEGER }));
    fc.assert(
      fc.property(outOfRange, (id) => {
        expect(readId(id).ok).toBe(false);
        expect(readId(String(id)).ok).toBe(false);
      }),
    );
  });

  it('refuses any number that is not an integer', () => {
    fc.assert(
      fc.property(fc.double({ noInteger: true }), (value) => {
        expect(readId(value).ok).toBe(false);
      }),
    );
  });
});
