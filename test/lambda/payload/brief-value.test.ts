import { describe, expect, it } from 'vitest';
import { briefValue } from '../../../lambda/payload/brief-value';

describe('briefValue', () => {
  it('quotes a string', () => {
    expect(briefValue('abc')).toBe('"abc"');
  });

  it('shows a number, boolean and null as JSON does', () => {
    expect([briefValue(1.5), briefValue(true), briefValue(null)]).toEqual(['1.5', 'true', 'null']);
  });

  it('shows control characters as escapes', () => {
    expect(briefValue('a\u0007b\n')).toBe('"a\\u0007b\\n"');
  });

  it('cuts a long string to 40 characters and marks the cut', () => {
    expect(briefValue('x'.repeat(41))).toBe(`"${'x'.repeat(40)}…"`);
  });

  it('leaves a string of exactly 40 characters whole', () => {
    expect(briefValue('x'.repeat(40))).toBe(`"${'x'.repeat(40)}"`);
  });

  it('never splits a character made of two UTF-16 units', () => {
    expect(briefValue('😀'.repeat(41))).toBe(`"${'😀'.repeat(40)}…"`);
  });

  it('cuts a large object', () => {
    expect(briefValue({ list: Array.from({ length: 100 }, (_, index) => index) })).toHaveLength(41);
  });

  it('sketches a value nested thousands deep briefly, without overflowing the stack', () => {
    // Arrange
    const deep = JSON.parse(`${'['.repeat(30_000)}${']'.repeat(30_000)}`) as unknown;

    // Act
    const brief = briefValue(deep);

    // Assert: a bracket pair where JSON.stringify overflows (Node 24), the cut text where it does not (Node 26)
    expect(brief).toMatch(/^\[(?:…\]|\[{39}…)$/);
  });

  it('shows undefined in words', () => {
    expect(briefValue(undefined)).toBe('undefined');
  });
});
