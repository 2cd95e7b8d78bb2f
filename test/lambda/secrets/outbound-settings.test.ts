import { describe, expect, it } from 'vitest';
import { readAdapterSecret } from '../../../lambda/secrets/adapter-secret';
import { readOutboundSettings } from '../../../lambda/secrets/outbound-settings';
import { A_CALLBACK_SIGNING_SECRET, aSecretJson } from '../../support/factories';

/** A recognizable fragment planted in values, so that a test can prove none is ever quoted. */
const MARKER = 'ZQXMARKER';

const whsecOf = (bytes: number): string => `whsec_${Buffer.alloc(bytes, 7).toString('base64')}`;

const problemsOf = (raw: unknown): readonly string[] => {
  const reading = readOutboundSettings(raw);
  return reading.ok ? [] : reading.problems;
};

describe('readOutboundSettings', () => {
  it('reads no settings when the part is absent: only callbacks need it', () => {
    // Act
    const reading = readOutboundSettings(undefined);

    // Assert
    expect(reading).toEqual({ ok: true, settings: undefined });
  });

  it('reads a signing secret and a host list', () => {
    // Act
    const reading = readOutboundSettings({
      callbackSigningSecret: A_CALLBACK_SIGNING_SECRET,
      callbackHosts: ['hooks.zapier.com', 'example.com'],
    });

    // Assert
    expect(reading).toEqual({
      ok: true,
      settings: {
        callbackSigningSecret: A_CALLBACK_SIGNING_SECRET,
        callbackHosts: ['hooks.zapier.com', 'example.com'],
      },
    });
  });

  it('leaves the host list undefined when it is left out (any public host)', () => {
    // Act
    const reading = readOutboundSettings({ callbackSigningSecret: A_CALLBACK_SIGNING_SECRET });

    // Assert
    expect(reading).toEqual({
      ok: true,
      settings: { callbackSigningSecret: A_CALLBACK_SIGNING_SECRET, callbackHosts: undefined },
    });
  });

  it.each([
    ['24 bytes', whsecOf(24)],
    ['64 bytes', whsecOf(64)],
  ])('accepts a signing secret of %s', (_case, secret) => {
    // Act
    const problems = problemsOf({ callbackSigningSecret: secret });

    // Assert
    expect(problems).toEqual([]);
  });

  it.each([
    ['23 bytes', whsecOf(23)],
    ['65 bytes', whsecOf(65)],
    ['no whsec_ prefix', Buffer.alloc(32, 7).toString('base64')],
    ['not base64', `whsec_${MARKER}!!${MARKER}`],
    ['empty after the prefix', 'whsec_'],
  ])('refuses a signing secret of %s, naming the field and not the value', (_case, secret) => {
    // Act
    const problems = problemsOf({ callbackSigningSecret: secret });

    // Assert
    expect(problems).toEqual([
      'field outbound.callbackSigningSecret must be whsec_ followed by the base64 of 24 to 64 bytes',
    ]);
  });

  it('refuses a missing signing secret', () => {
    // Act
    const problems = problemsOf({ callbackHosts: ['example.com'] });

    // Assert
    expect(problems).toEqual(['field outbound.callbackSigningSecret is missing or is not a string']);
  });

  it.each([
    ['upper case', 'Example.com'],
    ['a scheme', 'https://example.com'],
    ['a port', 'example.com:443'],
    ['a path', 'example.com/hooks'],
    ['a wildcard', '*.example.com'],
    ['a trailing dot', 'example.com.'],
    ['an IPv4 address', '203.0.113.9'],
    ['an IPv6 address', '::1'],
    ['an empty label', 'example..com'],
    ['a leading hyphen', '-example.com'],
    ['a label of 64 characters', `${'a'.repeat(64)}.com`],
    ['not a string', 42],
  ])('refuses a callback host with %s, naming its position', (_case, host) => {
    // Act
    const problems = problemsOf({
      callbackSigningSecret: A_CALLBACK_SIGNING_SECRET,
      callbackHosts: ['ok.example', host],
    });

    // Assert
    expect(problems).toEqual([
      'field outbound.callbackHosts[1] must be a lowercase host name, without scheme, port, path, wildcard or trailing dot',
    ]);
  });

  it.each([
    ['a punycode name', 'xn--bcher-kva.example'],
    ['a single label', 'receiver'],
    ['digits in inner labels', '1.2.3.example'],
  ])('accepts %s as a callback host', (_case, host) => {
    // Act
    const problems = problemsOf({ callbackSigningSecret: A_CALLBACK_SIGNING_SECRET, callbackHosts: [host] });

    // Assert
    expect(problems).toEqual([]);
  });

  it.each([
    ['an empty list', []],
    ['a string', 'example.com'],
  ])('refuses %s of hosts (leaving it out is how any host is allowed)', (_case, hosts) => {
    // Act
    const problems = problemsOf({ callbackSigningSecret: A_CALLBACK_SIGNING_SECRET, callbackHosts: hosts });

    // Assert
    expect(problems).toEqual([
      'field outbound.callbackHosts must be a non-empty list of host names (leave it out to allow any host)',
    ]);
  });

  it('names unknown members only when they look like field names', () => {
    // Act
    const problems = problemsOf({
      callbackSigningSecret: A_CALLBACK_SIGNING_SECRET,
      callbackHost: ['example.com'],
      [`${MARKER}+9/=`]: true,
    });

    // Assert
    expect(problems).toEqual(['field outbound has unknown members (callbackHost, 1 not shown)']);
  });

  it('refuses an outbound part that is not an object', () => {
    // Act
    const problems = problemsOf(A_CALLBACK_SIGNING_SECRET);

    // Assert
    expect(problems).toEqual(['field outbound must be an object with callbackSigningSecret, callbackHosts']);
  });

  it('reports every problem of the part at once, quoting no value', () => {
    // Act
    const problems = problemsOf({ callbackSigningSecret: `${MARKER}-short`, callbackHosts: [`${MARKER}.Example`] });

    // Assert
    expect(problems).toHaveLength(2);
    expect(problems.join(' ')).not.toContain(MARKER);
  });
});

describe('readAdapterSecret with an outbound part', () => {
  it('hands back the outbound settings beside the rest of the secret', () => {
    // Arrange
    const text = aSecretJson({
      outbound: { callbackSigningSecret: A_CALLBACK_SIGNING_SECRET, callbackHosts: ['example.com'] },
    });

    // Act
    const reading = readAdapterSecret(text, { allowHttpUpstream: false });

    // Assert
    expect(reading.ok && reading.secret.outbound).toEqual({
      callbackSigningSecret: A_CALLBACK_SIGNING_SECRET,
      callbackHosts: ['example.com'],
    });
  });

  it('reads a secret without an outbound part as one that cannot sign callbacks', () => {
    // Act
    const reading = readAdapterSecret(aSecretJson(), { allowHttpUpstream: false });

    // Assert
    expect(reading.ok && reading.secret.outbound).toBeUndefined();
  });

  it('lists the outbound problems together with those of the other parts', () => {
    // Arrange
    const text = aSecretJson({
      baseUrl: 'ftp://which50.example',
      inbound: { apiKeys: ['short'] },
      outbound: { callbackSigningSecret: 'whsec_AAAA' },
    });

    // Act
    const reading = readAdapterSecret(text, { allowHttpUpstream: false });

    // Assert
    expect(reading.ok ? [] : reading.problems).toEqual([
      'field which50.baseUrl must use https (http is allowed only with ALLOW_HTTP_UPSTREAM=true)',
      'field inbound.apiKeys[0] must be at least 16 characters',
      'field outbound.callbackSigningSecret must be whsec_ followed by the base64 of 24 to 64 bytes',
    ]);
  });

  it('lists the outbound problems even when the which50 part is malformed', () => {
    // Arrange
    const text = aSecretJson({ auth: undefined, outbound: { callbackSigningSecret: 'whsec_AAAA' } });

    // Act
    const reading = readAdapterSecret(text, { allowHttpUpstream: false });

    // Assert
    expect(reading.ok ? [] : reading.problems).toContain(
      'field outbound.callbackSigningSecret must be whsec_ followed by the base64 of 24 to 64 bytes',
    );
  });
});
