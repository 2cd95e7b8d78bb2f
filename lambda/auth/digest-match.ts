import { timingSafeEqual } from 'node:crypto';

/**
 * True when a presented digest equals the expected one. The bytes are compared in constant time;
 * only the length, which is public (every HMAC-SHA256 has 32 bytes), is checked first, because
 * `timingSafeEqual` refuses buffers of different lengths by throwing.
 */
const digestsMatch = (expected: Buffer, presented: Buffer): boolean =>
  presented.byteLength === expected.byteLength && timingSafeEqual(presented, expected);

export { digestsMatch };
