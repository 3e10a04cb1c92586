/**
 * The environment a call keeper runs with, and its fingerprint. A keeper is
 * shared by every worker that reaches its address, so it must make a call
 * exactly as the worker would: everything that can shape a model call (the
 * key and base-URL variables, the SDKs' own variables such as OPENAI_ORG_ID or
 * ANTHROPIC_AUTH_TOKEN, proxies, CA certificates, Node's TLS options, the
 * TANDEM_MODEL_* limits) is part of the keeper's address as a hash, never as
 * values. And the keeper gets only those variables plus what a Node process
 * needs (an allowlist): no Temporal address, encryption key, GitHub token or
 * other setting that a model call never reads.
 */
import { createHash } from 'node:crypto';
import type { EndpointIdentity } from '../models/types.js';

/** Every variable the SDKs read starts so (OPENAI_ORG_ID, OPENAI_PROJECT_ID, ANTHROPIC_AUTH_TOKEN, OLLAMA_HOST, ...). */
const MODEL_PREFIXES = ['OPENAI_', 'ANTHROPIC_', 'OLLAMA_', 'TANDEM_MODEL_'];

/** Variables that change how Node reaches a server: proxies, certificates, TLS, DNS and fetch options. */
const NETWORK_VARIABLES = [
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'all_proxy',
  'NODE_USE_ENV_PROXY', 'NODE_EXTRA_CA_CERTS', 'NODE_TLS_REJECT_UNAUTHORIZED', 'NODE_USE_SYSTEM_CA', 'NODE_OPTIONS',
  'SSL_CERT_FILE', 'SSL_CERT_DIR', 'RES_OPTIONS', 'HOSTALIASES',
];

/** What the keeper process itself needs, none of which shapes a call. */
const PROCESS_VARIABLES = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'TANDEM_KEEPER_IDLE_SECONDS'];

/** The names, present in `env`, of the variables that can shape a call to `identity`'s endpoint, sorted. */
export function callShapingVariables(env: NodeJS.ProcessEnv, identity: EndpointIdentity): string[] {
  // A named endpoint's key (and a provider's base URL) may sit in a variable of any name.
  const own = [identity.keyEnv, identity.baseUrlEnv].filter((name): name is string => name !== undefined);
  return Object.keys(env)
    .filter((name) => env[name] !== undefined)
    .filter((name) => own.includes(name) || NETWORK_VARIABLES.includes(name) || MODEL_PREFIXES.some((prefix) => name.startsWith(prefix)))
    .sort();
}

/** A hash of those variables' names and values: two environments that would send a call alike have the same one. */
export function callEnvironmentFingerprint(env: NodeJS.ProcessEnv, identity: EndpointIdentity): string {
  const hash = createHash('sha256');
  for (const name of callShapingVariables(env, identity)) hash.update(`${name}\0${env[name]}\0`);
  return hash.digest('hex').slice(0, 16);
}

/** The environment a new keeper is started with: the call-shaping variables and what a Node process needs, nothing else. */
export function keeperEnvironment(env: NodeJS.ProcessEnv, identity: EndpointIdentity): NodeJS.ProcessEnv {
  const names = [...callShapingVariables(env, identity), ...PROCESS_VARIABLES.filter((name) => env[name] !== undefined)];
  return Object.fromEntries(names.map((name) => [name, env[name]]));
}
