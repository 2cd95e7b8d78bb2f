import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a callback may connect to: ordinary public unicast only, and loopback too when
 * local use allows it. Callbacks go to URLs a caller chose, so without this any caller could make
 * the adapter POST into its own VPC, the cloud's metadata service or the host itself.
 */
interface AddressPolicy {
  /** Loopback (127/8, ::1) passes: only for local use, beside `ALLOW_HTTP_CALLBACK`. */
  readonly allowLoopback: boolean;
}

/** How each ipaddr.js range reads in a refusal; ranges not named here are refused as reserved. */
const RANGE_NAMES: Readonly<Record<string, string>> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address (cloud metadata lives there)',
  loopback: 'a loopback address',
  carrierGradeNat: 'a shared (CGNAT) address',
  private: 'a private address',
  uniqueLocal: 'a unique-local address',
  deprecatedSiteLocal: 'a site-local address',
};

/** Global unicast IPv6, the only block with public addresses; everything else is special or unassigned. */
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

const describeRange = (range: string): string => RANGE_NAMES[range] ?? 'a reserved or documentation address';

const ipv4At = (parts: readonly number[], high: number): ipaddr.IPv4 =>
  new ipaddr.IPv4([
    (parts[high] ?? 0) >> 8,
    (parts[high] ?? 0) & 0xff,
    (parts[high + 1] ?? 0) >> 8,
    (parts[high + 1] ?? 0) & 0xff,
  ]);

/**
 * The IPv4 addresses an IPv6 address carries and would reach: mapped and translated (last 32 bits),
 * NAT64 `64:ff9b::/96` (last 32 bits), 6to4 (bits 16..47), Teredo (its server, and its client
 * stored inverted). Undefined when it carries none, an empty list never.
 */
const embeddedIpv4 = (address: ipaddr.IPv6): ipaddr.IPv4[] | undefined => {
  const parts = address.parts;
  if (address.range() === 'ipv4Mapped' || address.range() === 'rfc6145') return [ipv4At(parts, 6)];
  if (address.match(ipaddr.parseCIDR('64:ff9b::/96'))) return [ipv4At(parts, 6)];
  if (address.range() === '6to4') return [ipv4At(parts, 1)];
  if (address.range() === 'teredo') {
    const client = ipv4At(
      parts.map((part) => part ^ 0xffff),
      6,
    );
    return [ipv4At(parts, 2), client];
  }
  return undefined;
};

const ipv4Refusal = (address: ipaddr.IPv4, policy: AddressPolicy): string | undefined => {
  const range = address.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && policy.allowLoopback) return undefined;
  return describeRange(range);
};

const ipv6Refusal = (address: ipaddr.IPv6, policy: AddressPolicy): string | undefined => {
  if (address.zoneId !== undefined) return 'a scoped (zoned) address';
  const embedded = embeddedIpv4(address);
  if (embedded !== undefined) {
    return embedded.map((ipv4) => ipv4Refusal(ipv4, policy)).find((reason) => reason !== undefined);
  }
  const range = address.range();
  if (range === 'loopback') return policy.allowLoopback ? undefined : describeRange(range);
  if (range === 'unicast' && address.match(GLOBAL_UNICAST)) return undefined;
  return describeRange(range);
};

/**
 * Why a callback must not connect to `address` (an IPv4 or IPv6 address as text), or undefined when
 * it may. An IPv6 address that carries an IPv4 one is judged by the IPv4 one, since that is where
 * the packets end up. Text that is not an address in its standard form (dotted decimal, or IPv6)
 * is refused: a caller is never given the benefit of the doubt.
 */
const addressRefusal = (address: string, policy: AddressPolicy): string | undefined => {
  if (isIP(address) === 0) return 'not an IP address';
  const parsed = ipaddr.parse(address);
  return parsed.kind() === 'ipv4'
    ? ipv4Refusal(parsed as ipaddr.IPv4, policy)
    : ipv6Refusal(parsed as ipaddr.IPv6, policy);
};

export { type AddressPolicy, addressRefusal };
