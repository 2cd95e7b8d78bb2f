import { describe, expect, it } from 'vitest';
import { authHeaders } from '../../../lambda/which50/auth-headers';

describe('authHeaders', () => {
  it('sends a bearer token as Authorization: Bearer', () => {
    // Act
    const headers = authHeaders({ scheme: 'bearer', token: 'tok-123' });

    // Assert
    expect(headers).toEqual({ authorization: 'Bearer tok-123' });
  });

  it('sends basic credentials as base64 of username:password', () => {
    // Act
    const headers = authHeaders({ scheme: 'basic', username: 'Aladdin', password: 'open sesame' });

    // Assert
    expect(headers).toEqual({ authorization: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==' });
  });

  it('encodes non-ASCII basic credentials as UTF-8', () => {
    // Act
    const headers = authHeaders({ scheme: 'basic', username: 'zoë', password: 'pässwörd:1' });

    // Assert
    const encoded = headers.authorization?.replace(/^Basic /, '') ?? '';
    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe('zoë:pässwörd:1');
  });

  it('sends a basic username with an empty password', () => {
    // Act
    const headers = authHeaders({ scheme: 'basic', username: 'ops', password: '' });

    // Assert
    expect(headers).toEqual({ authorization: `Basic ${Buffer.from('ops:').toString('base64')}` });
  });

  it('sends a named header with its value, the name lower-cased like the others', () => {
    // Act
    const headers = authHeaders({ scheme: 'header', name: 'X-Which50-Key', value: 'Value-Kept-As-Is' });

    // Assert
    expect(headers).toEqual({ 'x-which50-key': 'Value-Kept-As-Is' });
  });
});
