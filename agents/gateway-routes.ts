/**
 * Which requests the API gateway (api-gateway.ts) sends upstream, and where.
 * Only the calls Claude Code makes for its model go, each to its own route
 * under the endpoint's path: anything else a command in the sandbox asks for
 * (another route of the host, a path that climbs out of the endpoint's prefix
 * with `..` or its percent-encoded form, another method) would go with the
 * user's key and be neither metered nor limited.
 */

/** A request the gateway forwards: this method and exactly this path, with any query string (`?beta=true`). */
export interface GatewayRoute {
  method: string;
  path: string;
}

/** What Claude Code calls for its model: the Messages API and its token count. */
export const MESSAGES_API_ROUTES: readonly GatewayRoute[] = [
  { method: 'POST', path: '/v1/messages' },
  { method: 'POST', path: '/v1/messages/count_tokens' },
];

/**
 * `..`, and dots, slashes or backslashes a server may decode or read as one. No route
 * holds them, so the exact match refuses them too; this refuses them even if a route
 * ever matches by prefix.
 */
const CLIMBS = /\.\.|%2e|%2f|%5c|\\/i;

export type GatewayTarget = { url: URL } | { refused: string };

/**
 * The upstream URL for a request to the gateway: the endpoint's origin and path prefix,
 * then the route asked for, then the query. A request that is not exactly one of
 * MESSAGES_API_ROUTES is refused, with a message naming what is allowed; a URL
 * returned is always on the endpoint's origin and under its path.
 */
export function gatewayTarget(endpoint: URL, method: string | undefined, requestUrl: string | undefined): GatewayTarget {
  const raw = requestUrl ?? '';
  const at = raw.indexOf('?');
  const pathname = at === -1 ? raw : raw.slice(0, at);
  const allowed = MESSAGES_API_ROUTES.map((route) => `${route.method} ${route.path}`).join(' and ');
  const refused = { refused: `Tandem's gateway forwards only ${allowed} to the model's API; it refused ${method ?? '?'} ${pathname}` };
  if (CLIMBS.test(pathname)) return refused;
  const route = MESSAGES_API_ROUTES.find((candidate) => candidate.method === method && candidate.path === pathname);
  if (!route) return refused;
  // The endpoint's own path prefix (a shared gateway's /anthropic) comes first, then the route.
  const prefix = endpoint.pathname.replace(/\/$/, '');
  const url = new URL(endpoint.toString());
  url.pathname = `${prefix}${route.path}`;
  url.search = at === -1 ? '' : raw.slice(at);
  // Holds by construction today; it stays true whatever a later change to the checks above lets through.
  if (url.origin !== endpoint.origin || !url.pathname.startsWith(`${prefix}/`)) return refused;
  return { url };
}
