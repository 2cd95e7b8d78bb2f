import { describe, expect, it } from 'vitest';
import { pathSource, querySource } from '../../../lambda/payload/field-source';

describe('pathSource', () => {
  it('keeps each path parameter under its name', () => {
    const source = pathSource({ contactListId: '1', importJobId: '2' });

    expect(source.origin).toBe('path');
    expect(Object.fromEntries(source.fields)).toEqual({ contactListId: '1', importJobId: '2' });
  });

  it('leaves out a parameter that is undefined', () => {
    expect(pathSource({ contactListId: undefined }).fields.has('contactListId')).toBe(false);
  });
});

describe('querySource', () => {
  it('reads a key given once as a single string', () => {
    const source = querySource({ customEvents: ['A,B'] });

    expect(source.origin).toBe('query');
    expect(source.fields.get('customEvents')).toBe('A,B');
  });

  it('reads a key given more than once as a list', () => {
    expect(querySource({ customEvents: ['A', 'B'] }).fields.get('customEvents')).toEqual(['A', 'B']);
  });

  it('leaves out a key with no values', () => {
    expect(querySource({ customEvents: [] }).fields.has('customEvents')).toBe(false);
  });

  it('leaves out a key whose values are undefined', () => {
    expect(querySource({ customEvents: undefined }).fields.has('customEvents')).toBe(false);
  });

  it('keeps a __proto__ key as data', () => {
    const query: Record<string, string[]> = Object.fromEntries([['__proto__', ['x']]]);

    expect(querySource(query).fields.get('__proto__')).toBe('x');
  });
});
