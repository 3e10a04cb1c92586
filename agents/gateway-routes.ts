/**
 * Which requests the API gateway (api-gateway.ts) sends upstream, where, and
 * with which key header: one descriptor per API an agent speaks. Only the calls
 * the agent makes for its model go, each to its own route under the endpoint's
 * path: anything else a command in the sandbox asks for (another route of the
 * host, a path that climbs out of the endpoint's prefix with `..` or its
 * percent-encoded form, another method) would go with the user's key and be
 * neither metered nor limited.
 */
import type { MeteredWire } from './reply-meter.js';

/** A request the gateway forwards: this method and exactly this path, with any query string (`?beta=true`). */
export interface GatewayRoute {
  method: string;
  path: string;
  /** A model call that is billed: the gateway reads its reply's usage (reply-meter.ts). */
  metered?: true;
}

/** An API as the gateway serves it to one agent. */
export interface GatewayApi {
  /** How the key goes upstream: Anthropic's `x-api-key` header, or OpenAI's `Authorization: Bearer`. */
  auth: 'x-api-key' | 'bearer';
  /** The only requests forwarded; paths are relative to the endpoint's base URL. */
  routes: readonly GatewayRoute[];
  /** A refusal in the API's own error shape, so the agent reports it as an API error. */
  errorBody(type: string, message: string): unknown;
  /** The wire format of its metered routes' replies. */
  wire: MeteredWire;
}

/**
 * Claude Code: the Messages API and its token count. The base URL is the API's
 * origin (https://api.anthropic.com), so the paths carry `/v1`.
 */
export const ANTHROPIC_MESSAGES_API: GatewayApi = {
  auth: 'x-api-key',
  routes: [
    { method: 'POST', path: '/v1/messages', metered: true },
    // Counting tokens is free: nothing to meter.
    { method: 'POST', path: '/v1/messages/count_tokens' },
  ],
  errorBody: (type, message) => ({ type: 'error', error: { type, message } }),
  wire: 'anthropic-messages',
};

/**
 * Codex CLI: the Responses API, the one call codex 0.171 makes to a provider of
 * its config (its turns and its context compaction alike; no /models). The base
 * URL already ends in `/v1` (https://api.openai.com/v1), as OPENAI_BASE_URL does.
 */
export const OPENAI_RESPONSES_API: GatewayApi = {
  auth: 'bearer',
  routes: [{ method: 'POST', path: '/responses', metered: true }],
  errorBody: (type, message) => ({ error: { message, type, param: null, code: null } }),
  wire: 'openai-responses',
};

/**
 * `..`, and dots, slashes or backslashes a server may decode or read as one. No route
 * holds them, so the exact match refuses them too; this refuses them even if a route
 * ever matches by prefix.
 */
const CLIMBS = /\.\.|%2e|%2f|%5c|\\/i;

export type GatewayTarget = { url: URL; metered: boolean } | { refused: string };

/**
 * The upstream URL for a request to the gateway: the endpoint's origin and path prefix,
 * then the route asked for, then the query. A request that is not exactly one of the
 * API's routes is refused, with a message naming what is allowed; a URL returned is
 * always on the endpoint's origin and under its path.
 */
export function gatewayTarget(endpoint: URL, api: GatewayApi, method: string | undefined, requestUrl: string | undefined): GatewayTarget {
  const raw = requestUrl ?? '';
  const at = raw.indexOf('?');
  const pathname = at === -1 ? raw : raw.slice(0, at);
  const allowed = api.routes.map((route) => `${route.method} ${route.path}`).join(' and ');
  const refused = { refused: `Tandem's gateway forwards only ${allowed} to the model's API; it refused ${method ?? '?'} ${pathname}` };
  if (CLIMBS.test(pathname)) return refused;
  const route = api.routes.find((candidate) => candidate.method === method && candidate.path === pathname);
  if (!route) return refused;
  // The endpoint's own path prefix (a shared gateway's /anthropic, OpenAI's /v1) comes first, then the route.
  const prefix = endpoint.pathname.replace(/\/$/, '');
  const url = new URL(endpoint.toString());
  url.pathname = `${prefix}${route.path}`;
  url.search = at === -1 ? '' : raw.slice(at);
  // Holds by construction today; it stays true whatever a later change to the checks above lets through.
  if (url.origin !== endpoint.origin || !url.pathname.startsWith(`${prefix}/`)) return refused;
  return { url, metered: route.metered === true };
}
