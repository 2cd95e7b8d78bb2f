import { Problem } from './problem';

/** A route of the API: its method and its path template, in API Gateway's `{name}` notation. */
interface Route<Name extends string = string> {
  readonly name: Name;
  readonly method: string;
  readonly template: string;
}

interface RouteMatch<Name extends string> {
  readonly route: Route<Name>;
  readonly params: Readonly<Record<string, string>>;
}

/** `/a/{id}/b` -> a pattern whose named groups capture one path segment each. */
const compileTemplate = (template: string): RegExp => {
  const literal = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${literal.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);
};

const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * Builds the router once, at init. It matches a request's resource template when API Gateway gives
 * one (so a custom domain's base path does not matter), else its path; a HEAD matches the GET of
 * its path; a known path with another method is a 405 listing the allowed ones, anything else a 404.
 */
const createRouter = <Name extends string>(routes: readonly Route<Name>[]) => {
  const compiled = routes.map((route) => ({ route, pattern: compileTemplate(route.template) }));

  return (
    method: string,
    path: string,
    resource?: string,
    pathParameters: Readonly<Record<string, string | undefined>> = {},
  ): RouteMatch<Name> => {
    const byTemplate = compiled.filter(({ route }) => route.template === resource);
    const normalizedPath = path.length > 1 ? path.replace(/\/+$/, '') : path;
    const candidates =
      byTemplate.length > 0
        ? byTemplate.map(({ route }) => ({ route, params: definedParams(pathParameters) }))
        : compiled.flatMap(({ route, pattern }) => {
            const groups = pattern.exec(normalizedPath)?.groups;
            if (groups === undefined && !pattern.test(normalizedPath)) return [];
            return [
              {
                route,
                params: Object.fromEntries(Object.entries(groups ?? {}).map(([k, v]) => [k, decodeSegment(v)])),
              },
            ];
          });
    const match = candidates.find(({ route }) => route.method === declaredMethodFor(method));
    if (match !== undefined) return match;
    if (candidates.length === 0) {
      throw new Problem(404, 'Not found', `No route for ${method} ${normalizedPath}.`);
    }
    const allowed = allowedMethods(candidates.map(({ route }) => route.method));
    throw new Problem(
      405,
      'Method not allowed',
      `${method} is not allowed here; use ${allowed}.`,
      {},
      { Allow: allowed },
    );
  };
};

/** The method a route must declare to answer `method`: a HEAD is answered as its GET (RFC 9110). */
const declaredMethodFor = (method: string): string => (method === 'HEAD' ? 'GET' : method);

/** The methods a path allows, as `Allow` lists them: HEAD beside every GET. */
const allowedMethods = (declared: readonly string[]): string =>
  [...new Set(declared.flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method])))].join(', ');

const definedParams = (params: Readonly<Record<string, string | undefined>>): Record<string, string> =>
  Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));

export { createRouter, type Route, type RouteMatch };
