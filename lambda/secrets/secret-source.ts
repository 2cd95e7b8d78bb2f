import type { AdapterSecret } from './adapter-secret';

/**
 * Where the adapter's secret comes from. `fresh` asks for a value that bypasses any cache: the
 * upstream answered 401, so the credential may have been rotated since it was cached.
 */
type SecretSource = (options?: { fresh?: boolean }) => Promise<AdapterSecret>;

export type { SecretSource };
