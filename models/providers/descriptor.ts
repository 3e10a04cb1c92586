/**
 * Everything Tandem knows about one model provider, in one object: config,
 * endpoint resolution, cost and `tandem init` read these fields instead of
 * naming providers themselves. Adding a provider is one module that exports a
 * descriptor, listed in registry.ts, plus a fake server for its tests.
 */
import type { EnvVars, VendorCall } from '../contract.js';
import type { ModelPrice, ProviderKind, ResolvedModel } from '../types.js';

/** Specs (`provider:model`) for the three roles. */
export interface RoleSpecs {
  planner: string;
  implementer: string;
  /** Best first; the first that differs from the implementer is used. */
  reviewers: readonly string[];
}

/** Local models `tandem init` offers (commented out) on a machine without vendor keys. */
export interface LocalExample {
  planner: string;
  implementer: string;
  reviewer: string;
  /** The server that runs them, for prose: `Ollama`. */
  server: string;
  /** Where to get that server. */
  site: string;
  /** The shell command that downloads one model, e.g. `ollama pull qwen2.5-coder:32b`. */
  fetchCommand(spec: string): string;
}

export interface ProviderDescriptor {
  /** The wire protocol; also what ResolvedModel.kind records. Several providers may share one. */
  kind: ProviderKind;
  /** Variable holding the API key when config names none; undefined for keyless providers. */
  apiKeyEnv?: string;
  /** Variable that moves the provider's base URL (for messages; baseUrlFromEnv reads it). */
  baseUrlEnv?: string;
  /**
   * The base URL for a model that names none, read from `env` (undefined: the vendor's
   * public API). Throws a TandemError when the variable is malformed. Absent when the
   * base URL must come from tandem.yaml.
   */
  baseUrlFromEnv?(env: EnvVars): string | undefined;
  /**
   * True: config writes baseUrlFromEnv into the ResolvedModel, so a malformed variable
   * fails when the config loads rather than mid-run. False or absent: it is read at call time.
   */
  pinsBaseUrl?: boolean;
  /** List prices in USD per million tokens, keyed by model id (`gpt-5`, not `openai:gpt-5`). */
  prices: Readonly<Record<string, ModelPrice>>;
  /**
   * When a model with no configured or listed price costs nothing: `true` always
   * (in-process models), `loopback` only at a base URL on this machine (a local
   * server; the same server software hosted elsewhere may bill), `false` never.
   */
  free: boolean | 'loopback';
  /** The function that makes one round trip for `model`; the key is read from `env` on every call. */
  createCall(model: ResolvedModel, env: EnvVars): VendorCall;
  /** Model ids the vendor's pinned SDK lists (known-models.ts), for "did you mean" on a 404. */
  knownModels?: readonly string[];
  /** Roles `tandem run` picks, and `tandem init` proposes, when this vendor's key is set. */
  defaultRoles?: RoleSpecs;
  /** What `tandem init` suggests when no vendor key is set. */
  localExample?: LocalExample;
}

/** A provider users name directly, as `name:model`, without configuring it. */
export interface BuiltinProvider extends ProviderDescriptor {
  /** What users write before the colon: `openai` in `openai:gpt-5`. Lower case. */
  name: string;
}

/**
 * What every vendor's public API reached through its own SDK shares: a key
 * variable, and a base-URL variable left unset at config time and read at
 * call time, so the SDK's documented override keeps working. Paid.
 */
export function publicApi(variables: { apiKeyEnv: string; baseUrlEnv: string }): Pick<BuiltinProvider, 'apiKeyEnv' | 'baseUrlEnv' | 'baseUrlFromEnv' | 'pinsBaseUrl' | 'free'> {
  return { ...variables, baseUrlFromEnv: (env) => env[variables.baseUrlEnv] || undefined, pinsBaseUrl: false, free: false };
}
