import { describe, expect, it } from 'vitest';
import { readUpstreamMessage } from '../../../lambda/which50/upstream-message';

const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

describe('readUpstreamMessage', () => {
  it("reads ASP.NET's JSON Message", () => {
    // Arrange
    const body = JSON.stringify({ Message: 'The request is invalid.', ModelState: { FieldNames: ['required'] } });

    // Act
    const message = readUpstreamMessage('application/json; charset=utf-8', body);

    // Assert
    expect(message).toBe('The request is invalid.');
  });

  it('reads a message key in any case', () => {
    // Act
    const message = readUpstreamMessage('text/json', '{"message":"Import job already running"}');

    // Assert
    expect(message).toBe('Import job already running');
  });

  it("reads ASP.NET's XML Error Message, entities resolved", () => {
    // Arrange
    const body = `<Error xmlns:i="${XSI_NAMESPACE}"><Message>Field &quot;Email&quot; &amp; more</Message></Error>`;

    // Act
    const message = readUpstreamMessage('application/xml', body);

    // Assert
    expect(message).toBe('Field "Email" & more');
  });

  it('sniffs the format when the Content-Type is missing', () => {
    // Act
    const message = readUpstreamMessage(undefined, ' {"Message":"Expectation failed"}');

    // Assert
    expect(message).toBe('Expectation failed');
  });

  it('answers the raw text when JSON carries no Message', () => {
    // Arrange
    const body = '{"error":"conflict"}';

    // Act
    const message = readUpstreamMessage('application/json', body);

    // Assert
    expect(message).toBe(body);
  });

  it('answers the raw text of a body that is not JSON, whatever its Content-Type claims', () => {
    // Act
    const message = readUpstreamMessage('application/json', 'Bad Request');

    // Assert
    expect(message).toBe('Bad Request');
  });

  it('answers the raw text of a plain-text answer', () => {
    // Act
    const message = readUpstreamMessage('text/plain', '{"Message":"not read as JSON"}');

    // Assert
    expect(message).toBe('{"Message":"not read as JSON"}');
  });

  it('folds line breaks, tabs and control characters into single spaces', () => {
    // Act
    const message = readUpstreamMessage('text/plain', '  first line\r\n\tsecond\u0000line\n');

    // Assert
    expect(message).toBe('first line second line');
  });

  it('cuts the message to 500 characters', () => {
    // Arrange
    const body = JSON.stringify({ Message: `${'a'.repeat(499)}bcd` });

    // Act
    const message = readUpstreamMessage('application/json', body);

    // Assert
    expect(message).toBe(`${'a'.repeat(499)}b`);
  });

  it('cuts raw text to 500 characters without splitting a character in two', () => {
    // Arrange
    const body = '😀'.repeat(600);

    // Act
    const message = readUpstreamMessage('text/html', body);

    // Assert
    expect(Array.from(message)).toHaveLength(500);
    expect(message).toBe('😀'.repeat(500));
  });

  it('answers empty text for an empty body', () => {
    // Act
    const message = readUpstreamMessage(undefined, '');

    // Assert
    expect(message).toBe('');
  });
});
