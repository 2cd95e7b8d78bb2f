import { describe, expect, it } from 'vitest';
import { importJobUrl, runImportUrl } from '../../../lambda/which50/endpoints';
import { aRunCommand } from '../../support/factories';

describe('importJobUrl', () => {
  it.each([
    ['a path', 'https://app.which50.com/Which50API'],
    ['a path and a trailing slash', 'https://app.which50.com/Which50API/'],
  ])('keeps a base URL’s last segment when it has %s', (_case, base) => {
    // Arrange
    const baseUrl = new URL(base);

    // Act
    const url = importJobUrl(baseUrl, { contactListId: 1, importJobId: 2 });

    // Assert
    expect(url).toBe('https://app.which50.com/Which50API/contactLists/1/import/2');
  });

  it.each(['https://app.which50.com', 'https://app.which50.com/'])('builds from a bare origin (%s)', (base) => {
    // Arrange
    const baseUrl = new URL(base);

    // Act
    const url = importJobUrl(baseUrl, { contactListId: 1, importJobId: 2 });

    // Assert
    expect(url).toBe('https://app.which50.com/contactLists/1/import/2');
  });

  it('keeps a deeper path and a port', () => {
    // Arrange
    const baseUrl = new URL('http://localhost:4010/tenant/Which50API');

    // Act
    const url = importJobUrl(baseUrl, { contactListId: 2147483647, importJobId: 9 });

    // Assert
    expect(url).toBe('http://localhost:4010/tenant/Which50API/contactLists/2147483647/import/9');
  });
});

describe('runImportUrl', () => {
  const baseUrl = new URL('https://app.which50.com/Which50API');

  it('adds /run and no customevents parameter when there are no events', () => {
    // Arrange
    const command = aRunCommand({ contactListId: 1, importJobId: 2, customEvents: [] });

    // Act
    const url = runImportUrl(baseUrl, command);

    // Assert
    expect(url).toBe('https://app.which50.com/Which50API/contactLists/1/import/2/run');
  });

  it('encodes each event name and joins them with literal commas', () => {
    // Arrange
    const command = aRunCommand({ customEvents: ['SendWelcomeEmail', 'Send Invite'] });

    // Act
    const url = runImportUrl(baseUrl, command);

    // Assert
    expect(url).toBe(
      'https://app.which50.com/Which50API/contactLists/1/import/2/run?customevents=SendWelcomeEmail,Send%20Invite',
    );
  });

  it('encodes characters that would otherwise break the query string', () => {
    // Arrange
    const command = aRunCommand({ customEvents: ['A&B=C', 'Zoë#1', '50%+'] });

    // Act
    const url = runImportUrl(baseUrl, command);

    // Assert
    expect(new URL(url).search).toBe('?customevents=A%26B%3DC,Zo%C3%AB%231,50%25%2B');
    expect(new URL(url).searchParams.get('customevents')).toBe('A&B=C,Zoë#1,50%+');
  });

  it('keeps the base path when it ends in a slash', () => {
    // Arrange
    const command = aRunCommand({ customEvents: ['One'] });

    // Act
    const url = runImportUrl(new URL('https://app.which50.com/Which50API/'), command);

    // Assert
    expect(url).toBe('https://app.which50.com/Which50API/contactLists/1/import/2/run?customevents=One');
  });
});
