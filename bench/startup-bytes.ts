import path from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { runBundleChild } from './bundle-child';
import { loadedBundleBytes } from './bundles';
import type { Contender } from './contender';

/**
 * The bytes of the bundle's code that a fresh process has loaded by the time it has answered its
 * first request: the entry and every chunk it imports, plus any chunk the first request itself
 * pulls in through `import()`. Chunks never reached on that path do not count.
 */
const measureStartupBytes = async ({ entry, env }: Contender, event: APIGatewayProxyEvent): Promise<number> => {
  const { files } = await runBundleChild({ mode: 'files', entry, event, env });
  return loadedBundleBytes(path.dirname(entry), files);
};

export { measureStartupBytes };
