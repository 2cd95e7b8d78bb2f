import { describe, expect, it } from 'vitest';
import { prefersRespondAsync } from '../../../lambda/http/prefer';

describe('prefersRespondAsync', () => {
  it.each([
    ['the preference alone', 'respond-async'],
    ['any case', 'Respond-Async'],
    ['among other preferences', 'return=minimal, respond-async'],
    ['with a wait parameter', 'respond-async; wait=10'],
    ['with spaces around the token', '  respond-async  ,handling=lenient'],
    ['after a quoted value holding a comma', 'foo="a, b", respond-async'],
    ['with a value', 'respond-async=yes'],
  ])('finds respond-async %s', (_case, header) => {
    // Act
    const asked = prefersRespondAsync(header);

    // Assert
    expect(asked).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['other preferences only', 'return=representation, handling=strict'],
    ['the token as a quoted value', 'foo="respond-async"'],
    ['the token as a parameter', 'return=minimal; respond-async'],
    ['a longer token', 'respond-asynchronously'],
  ])('does not find respond-async in %s', (_case, header) => {
    // Act
    const asked = prefersRespondAsync(header);

    // Assert
    expect(asked).toBe(false);
  });
});
