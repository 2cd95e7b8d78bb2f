import { describe, expect, it } from 'vitest';
import { callbackUrlRefusal } from '../../../lambda/runs/callback-url';

const DEPLOYED = { allowHttp: false, allowedHosts: undefined } as const;
const LOCAL = { allowHttp: true, allowedHosts: undefined } as const;

describe('callbackUrlRefusal', () => {
  it.each([
    'https://hooks.example.com/catch/1?token=t',
    'https://203.0.113.7.nip.io/',
    'https://[2606:4700::1111]/',
    'https://8.8.8.8/hook',
  ])('allows %s when deployed', (url) => {
    // Act
    const refusal = callbackUrlRefusal(url, DEPLOYED);

    // Assert
    expect(refusal).toBeUndefined();
  });

  it.each([
    ['http://hooks.example.com/', 'plain http'],
    ['https://user:pass@hooks.example.com/', 'user info'],
    ['https://127.0.0.1/', 'loopback'],
    ['https://localhost/', 'localhost'],
    ['https://api.localhost/', 'a localhost subdomain'],
    ['https://2130706433/', 'loopback as one decimal number'],
    ['https://0x7f.1/', 'loopback in hex'],
    ['https://[::1]/', 'IPv6 loopback'],
    ['https://[::ffff:127.0.0.1]/', 'IPv4-mapped loopback'],
    ['https://[::ffff:7f00:1]/', 'IPv4-mapped loopback in hex'],
    ['https://10.1.2.3/', 'private'],
    ['https://172.16.0.1/', 'private'],
    ['https://192.168.1.1/', 'private'],
    ['https://[fd12::1]/', 'unique local'],
    ['https://169.254.169.254/latest/meta-data/', 'the cloud metadata address'],
    ['https://[fd00:ec2::254]/', 'the IPv6 metadata address'],
    ['https://100.100.100.200/', 'the Alibaba metadata address (CGNAT)'],
    ['https://100.64.0.1/', 'CGNAT'],
    ['https://[fe80::1]/', 'link-local'],
    ['https://224.0.0.1/', 'multicast'],
    ['https://0.0.0.0/', 'unspecified'],
    ['https://[64:ff9b::a00:1]/', 'NAT64 of a private address'],
    ['https://[2002:7f00:1::]/', '6to4 of loopback'],
    ['not a url', 'not a URL'],
    [`https://hooks.example.com/${'a'.repeat(2_048)}`, 'longer than 2,048 characters'],
  ])('refuses %s (%s)', (url) => {
    // Act
    const refusal = callbackUrlRefusal(url, DEPLOYED);

    // Assert
    expect(refusal).toEqual(expect.any(String));
  });

  it('allows http and loopback locally, never a private or metadata address', () => {
    // Act
    const refusals = [
      'http://localhost:4000/',
      'http://127.0.0.1:4000/',
      'http://169.254.169.254/',
      'http://10.0.0.1/',
    ].map((url) => callbackUrlRefusal(url, LOCAL));

    // Assert
    expect(refusals.map((refusal) => refusal === undefined)).toEqual([true, true, false, false]);
  });

  it('with callbackHosts, allows only those hosts and their subdomains, on a dot boundary', () => {
    // Arrange
    const policy = { allowHttp: false, allowedHosts: ['hooks.zapier.com'] };

    // Act
    const allowed = [
      'https://hooks.zapier.com/x',
      'https://eu.hooks.zapier.com/x',
      'https://HOOKS.ZAPIER.COM./x',
      'https://evilhooks.zapier.com/x',
      'https://hooks.zapier.com.evil.example/x',
    ].map((url) => callbackUrlRefusal(url, policy) === undefined);

    // Assert
    expect(allowed).toEqual([true, true, true, false, false]);
  });

  it('never quotes the URL, which may carry a token', () => {
    // Act
    const refusal = callbackUrlRefusal('http://hooks.example.com/?token=secret-token-123', DEPLOYED);

    // Assert
    expect(refusal).not.toContain('secret-token-123');
  });
});
