import type { UpstreamAuth } from '../secrets/adapter-secret';

/** The request headers that present the configured credential to Which50, one scheme each. */
const authHeaders = (auth: UpstreamAuth): Record<string, string> => {
  switch (auth.scheme) {
    case 'bearer':
      return { authorization: `Bearer ${auth.token}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}` };
    case 'header':
      return { [auth.name.toLowerCase()]: auth.value };
  }
};

export { authHeaders };
