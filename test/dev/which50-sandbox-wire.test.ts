import { describe, expect, it } from 'vitest';
import { dotNetTimestamp, negotiateFormat, renderError } from '../../dev/which50-sandbox-wire';

describe('dotNetTimestamp', () => {
  it('writes seven fractional digits and a +00:00 offset', () => {
    // Act
    const text = dotNetTimestamp(new Date('2024-12-27T18:16:57.282Z'), 4295);

    // Assert
    expect(text).toBe('2024-12-27T18:16:57.2824295+00:00');
  });

  it('drops trailing zeros of the fraction, as .NET does', () => {
    // Act
    const text = dotNetTimestamp(new Date('2024-12-27T18:22:13.643Z'), 6850);

    // Assert
    expect(text).toBe('2024-12-27T18:22:13.643685+00:00');
  });

  it('leaves out the fraction when it is zero', () => {
    // Act
    const text = dotNetTimestamp(new Date('2024-12-27T18:22:13.000Z'));

    // Assert
    expect(text).toBe('2024-12-27T18:22:13+00:00');
  });
});

describe('negotiateFormat', () => {
  it.each([
    [undefined, 'application/json'],
    ['', 'application/json'],
    ['*/*', 'application/json'],
    ['application/json', 'application/json'],
    ['text/json', 'text/json'],
    ['application/xml', 'application/xml'],
    ['TEXT/XML', 'text/xml'],
    ['text/html, application/xml;q=0.9, */*;q=0.8', 'application/xml'],
    ['application/xml;q=0.1, application/json;q=0.5', 'application/json'],
    ['application/xml;q=0, text/json', 'text/json'],
    ['image/png', 'application/json'],
  ])('answers %s with %s', (accept, expected) => {
    // Act
    const format = negotiateFormat(accept);

    // Assert
    expect(format).toBe(expected);
  });
});

describe('renderError', () => {
  it('escapes the message in XML', () => {
    // Act
    const body = renderError('a < b & c', 'application/xml');

    // Assert
    expect(body).toBe('<Error><Message>a &lt; b &amp; c</Message></Error>');
  });

  it('writes {"Message"} in JSON', () => {
    // Act
    const body = renderError('Not found', 'text/json');

    // Assert
    expect(JSON.parse(body)).toEqual({ Message: 'Not found' });
  });
});
