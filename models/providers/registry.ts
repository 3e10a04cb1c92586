/**
 * The providers Tandem knows. Config, endpoint resolution, cost and `tandem init`
 * read this list; none of them names a provider, key variable or base-URL
 * variable of its own.
 */
import type { ModelPrice, ProviderKind, ResolvedModel } from '../types.js';
import { anthropic } from './anthropic.js';
import type { BuiltinProvider, LocalExample, ProviderDescriptor, RoleSpecs } from './descriptor.js';
import { ollama } from './ollama.js';
import { openai } from './openai.js';
import { namedEndpoint } from './openai-compatible.js';
import { scripted } from './scripted.js';

/**
 * Providers usable as `name:model` without configuration. The order is meaningful:
 * when several vendors' keys are set, the first plans and reviews and the second
 * implements (see defaultRoleSpecs in config/roles.ts), and messages list them in it.
 */
export const BUILTIN_PROVIDERS: readonly BuiltinProvider[] = [openai, anthropic, ollama, scripted];

export const BUILTIN_PROVIDER_NAMES: readonly string[] = BUILTIN_PROVIDERS.map((provider) => provider.name);

/** OpenAI-compatible servers named under `providers:` in tandem.yaml. */
export const NAMED_ENDPOINT: ProviderDescriptor = namedEndpoint;

export function builtinProvider(name: string): BuiltinProvider | undefined {
  return BUILTIN_PROVIDERS.find((provider) => provider.name === name);
}

/**
 * The descriptor for a model: the built-in it names when the kinds agree, else the
 * provider that speaks its kind (a named endpoint for `openai-compatible`).
 */
export function providerFor(model: Pick<ResolvedModel, 'kind'> & { providerName?: string }): ProviderDescriptor {
  const named = model.providerName === undefined ? undefined : builtinProvider(model.providerName);
  if (named?.kind === model.kind) return named;
  return [NAMED_ENDPOINT, ...BUILTIN_PROVIDERS].find((provider) => provider.kind === model.kind) ?? unknownKind(model.kind);
}

/** A vendor whose key alone is enough for `tandem run` to pick models. */
export type KeyedVendor = BuiltinProvider & { apiKeyEnv: string; defaultRoles: RoleSpecs };

/** The vendors with default roles, in registry order. */
export function keyedVendors(): KeyedVendor[] {
  return BUILTIN_PROVIDERS.filter((provider): provider is KeyedVendor => provider.apiKeyEnv !== undefined && provider.defaultRoles !== undefined);
}

/** The key variables of keyedVendors, e.g. OPENAI_API_KEY, for messages. */
export function vendorKeyVariables(): string[] {
  return keyedVendors().map((vendor) => vendor.apiKeyEnv);
}

/** The local models `tandem init` suggests without keys. */
export function localExample(): LocalExample {
  const example = BUILTIN_PROVIDERS.find((provider) => provider.localExample !== undefined)?.localExample;
  if (example === undefined) throw new Error('no built-in provider offers a local example');
  return example;
}

/** Every built-in list price, keyed by spec (`openai:gpt-5`). */
export function builtinPrices(): Record<string, ModelPrice> {
  return Object.fromEntries(BUILTIN_PROVIDERS.flatMap((provider) => Object.entries(provider.prices).map(([id, price]) => [`${provider.name}:${id}`, price])));
}

/** The variables that move built-in providers, e.g. OPENAI_BASE_URL, for messages. */
export function baseUrlVariables(): string[] {
  return BUILTIN_PROVIDERS.flatMap((provider) => (provider.baseUrlEnv === undefined ? [] : [provider.baseUrlEnv]));
}

function unknownKind(kind: ProviderKind): never {
  throw new Error(`no provider speaks the "${kind}" protocol`);
}
