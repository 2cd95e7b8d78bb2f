import type { HttpRequest } from './http-request';

/** A Host header as a browser or client sends it: a DNS name or IPv4 address, maybe a port. */
const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$/;

/**
 * The path of the request inside the API: its resource template with the path parameters put back
 * (`/contact-lists/1/imports/2`), or, behind a proxy resource (the local server), its path.
 */
const apiPathOf = (request: HttpRequest): string => {
  const { resource, pathParameters } = request;
  if (resource === undefined || resource.includes('+}')) return request.path;
  let complete = true;
  const resolved = resource.replace(/\{(\w+)\}/g, (_template, name: string) => {
    const value = pathParameters[name];
    if (value === undefined) complete = false;
    return value ?? '';
  });
  return complete ? resolved : request.path;
};

/**
 * Where the API the request reached is served from, for the OpenAPI document's `servers`: the
 * scheme (`X-Forwarded-Proto`, which API Gateway and the local server set), the Host header, and
 * whatever comes before the API's own path in the path the caller asked for: the stage (`/v1`)
 * or a custom domain's base path. A client generated from the document then calls
 * `https://host/v1/health`, not `https://host/health`. A Host that is not a plain host name gives
 * a relative URL (the base path alone), which a client resolves against where it fetched the
 * document.
 */
const serverUrlOf = (request: HttpRequest): string => {
  const apiPath = apiPathOf(request);
  const { servedPath } = request;
  const basePath = servedPath.endsWith(apiPath) ? servedPath.slice(0, servedPath.length - apiPath.length) : '';
  const host = request.headers.host ?? '';
  if (!HOST.test(host)) return basePath === '' ? '/' : basePath;
  const scheme = request.headers['x-forwarded-proto'] === 'http' ? 'http' : 'https';
  return `${scheme}://${host}${basePath}`;
};

export { serverUrlOf };
