/**
 * Turns what users write (`anthropic:claude-sonnet-5-5`, `ollama:qwen2.5-coder:32b`,
 * an alias, a named endpoint) into a ResolvedModel: everything needed to build a
 * client except the key value, which stays in the environment.
 */
import { TandemError } from '../errors/tandem-error.js';
import { DEFAULT_PRICES } from '../models/cost.js';
import type { ModelPrice, OpenAIApi, ProviderKind, ResolvedModel } from '../models/types.js';
import { BUILTIN_PROVIDER_NAMES, builtinProvider, NAMED_ENDPOINT } from '../models/providers/registry.js';
import type { ModelRef, PriceOverride, TandemConfig } from './schema.js';
import { asAgentModel, isAgentSpec, parseAgentSpec } from './agent-spec.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** The parts of the config a spec can refer to, plus the environment (for base-URL variables read at load time). */
export interface ModelContext {
  aliases: TandemConfig['aliases'];
  providers: TandemConfig['providers'];
  prices: TandemConfig['prices'];
  env: Env;
  /**
   * Whether `scripted:` models may be used. Only `tandem demo`, the benchmarks and
   * tests set it, in code: the scripted reviewer approves every change, so a
   * tandem.yaml or a flag must never be able to choose it for a real run.
   */
  allowScripted?: boolean;
}

export interface ParsedSpec {
  provider: string;
  model: string;
}

interface ProviderInfo {
  kind: ProviderKind;
  baseUrl?: string;
  apiKeyEnv?: string;
  contextWindow?: number;
  api?: OpenAIApi;
}

/**
 * Splits `provider:model` at the first colon, so model ids may contain colons
 * (`ollama:qwen2.5-coder:32b`). Returns undefined for a name without a colon (an alias).
 * The provider is lower-cased; the model id is kept exactly as written.
 */
export function parseModelSpec(spec: string): ParsedSpec | undefined {
  const text = spec.trim();
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const provider = text.slice(0, colon).toLowerCase();
  const model = text.slice(colon + 1);
  if (provider === '' || model === '' || /\s/.test(text)) {
    throw new TandemError(`"${spec}" is not a valid model spec`, {
      code: 'MODEL_SPEC_INVALID',
      hint: 'Write a model as provider:model, e.g. openai:gpt-5 or ollama:qwen2.5-coder:32b.',
      context: { setting: spec },
    });
  }
  return { provider, model };
}

/** Built-in provider names followed by the named endpoints from `providers:`. */
export function knownProviders(ctx: Pick<ModelContext, 'providers'>): string[] {
  return [...BUILTIN_PROVIDER_NAMES, ...Object.keys(ctx.providers)];
}

/**
 * Resolves a spec, an alias, or `{ model, effort, maxTokens, api }`. Settings written
 * next to a reference win over those of the alias it names. `where` (e.g.
 * `tandem.yaml:3: models.planner` or `--reviewer`) prefixes error messages.
 * Throws TandemError MODEL_SPEC_INVALID, MODEL_ALIAS_UNKNOWN, MODEL_ALIAS_CYCLE or MODEL_PROVIDER_UNKNOWN.
 */
export function resolveModel(ref: string | ModelRef, ctx: ModelContext, where?: string): ResolvedModel {
  const prefix = where === undefined ? '' : `${where}: `;
  const start: ModelRef = typeof ref === 'string' ? { model: ref } : ref;
  if (isAgentSpec(start.model)) {
    const agent = parseAgentSpec(start.model, prefix);
    return asAgentModel(agent, resolveModel({ ...start, model: agent.modelSpec }, ctx, where), prefix);
  }
  let { effort, maxTokens, contextWindow, api } = start;
  let name = start.model.trim();
  const chain: string[] = [];
  let parsed = parseModelSpec(name);
  while (parsed === undefined) {
    if (chain.includes(name)) {
      throw new TandemError(`${prefix}aliases form a cycle: ${[...chain, name].join(' → ')}`, {
        code: 'MODEL_ALIAS_CYCLE',
        hint: 'Make one alias in the cycle point to a provider:model spec.',
        context: { key: `aliases.${name}` },
      });
    }
    const alias = Object.hasOwn(ctx.aliases, name) ? ctx.aliases[name] : undefined;
    if (alias === undefined) throw unknownAlias(prefix, name, ctx);
    chain.push(name);
    effort ??= alias.effort;
    maxTokens ??= alias.maxTokens;
    contextWindow ??= alias.contextWindow;
    api ??= alias.api;
    name = alias.model.trim();
    parsed = parseModelSpec(name);
  }
  const provider = providerInfo(parsed, ctx, prefix);
  const spec = `${parsed.provider}:${parsed.model}`;
  if (provider.kind === 'scripted' && ctx.allowScripted !== true) throw scriptedNotAllowed(prefix, spec);
  const resolved: ResolvedModel = { spec, providerName: parsed.provider, kind: provider.kind, model: parsed.model };
  if (provider.baseUrl !== undefined) resolved.baseUrl = provider.baseUrl;
  if (provider.apiKeyEnv !== undefined) resolved.apiKeyEnv = provider.apiKeyEnv;
  if (effort !== undefined) resolved.reasoningEffort = effort;
  if (maxTokens !== undefined) resolved.maxOutputTokens = maxTokens;
  contextWindow ??= provider.contextWindow;
  if (contextWindow !== undefined) resolved.contextWindow = contextWindow;
  // Written on the model wins over the endpoint's.
  api ??= provider.api;
  if (api !== undefined) resolved.api = api;
  const price = priceFor(spec, ctx.prices);
  if (price !== undefined) resolved.price = price;
  return resolved;
}

function providerInfo(parsed: ParsedSpec, ctx: ModelContext, prefix: string): ProviderInfo {
  const builtin = builtinProvider(parsed.provider);
  if (builtin !== undefined) {
    // Unpinned base URLs stay undefined so the SDKs' own variables (OPENAI_BASE_URL...) apply at call time.
    const baseUrl = builtin.pinsBaseUrl ? builtin.baseUrlFromEnv?.(ctx.env) : undefined;
    return { kind: builtin.kind, ...(builtin.apiKeyEnv ? { apiKeyEnv: builtin.apiKeyEnv } : {}), ...(baseUrl ? { baseUrl } : {}) };
  }
  const endpoint = Object.hasOwn(ctx.providers, parsed.provider) ? ctx.providers[parsed.provider] : undefined;
  if (endpoint !== undefined) {
    return {
      kind: NAMED_ENDPOINT.kind,
      baseUrl: endpoint.baseUrl,
      ...(endpoint.apiKeyEnv ? { apiKeyEnv: endpoint.apiKeyEnv } : {}),
      ...(endpoint.contextWindow ? { contextWindow: endpoint.contextWindow } : {}),
      ...(endpoint.api ? { api: endpoint.api } : {}),
    };
  }
  const known = knownProviders(ctx).join(', ');
  throw new TandemError(
    `${prefix}unknown model provider "${parsed.provider}" in "${parsed.provider}:${parsed.model}" (known providers: ${known})`,
    {
      code: 'MODEL_PROVIDER_UNKNOWN',
      hint: 'Use one of the known providers, or add an OpenAI-compatible endpoint under providers: in tandem.yaml.',
      context: { setting: parsed.provider },
    },
  );
}

function scriptedNotAllowed(prefix: string, spec: string): TandemError {
  return new TandemError(
    `${prefix}${spec} is Tandem's built-in scripted model, which writes canned files and approves every review; only \`tandem demo\`, the benchmarks and tests use it`,
    {
      code: 'MODEL_SCRIPTED_NOT_ALLOWED',
      hint: 'Name a real model (e.g. openai:gpt-5.6-sol, anthropic:claude-sonnet-5-5, ollama:qwen2.5-coder:32b), or run `tandem demo` to see the scripted flow.',
      context: { setting: spec },
    },
  );
}

function unknownAlias(prefix: string, name: string, ctx: ModelContext): TandemError {
  const aliases = Object.keys(ctx.aliases);
  const known = aliases.length === 0 ? 'no aliases are defined' : `defined aliases: ${aliases.join(', ')}`;
  return new TandemError(`${prefix}"${name}" is neither provider:model nor a known alias (${known})`, {
    code: 'MODEL_ALIAS_UNKNOWN',
    hint: 'Write the model as provider:model (e.g. openai:gpt-5), or define the name under aliases: in tandem.yaml.',
    context: { setting: name },
  });
}

/**
 * Config prices (keys normalised like specs) win over the built-in table: an exact
 * `provider:model` key first, then `provider:*` for every model of that provider.
 */
function priceFor(spec: string, prices: ModelContext['prices']): ModelPrice | undefined {
  const configured = new Map<string, PriceOverride>();
  for (const [key, value] of Object.entries(prices)) {
    const parsed = parseModelSpec(key);
    if (parsed !== undefined) configured.set(`${parsed.provider}:${parsed.model}`, value);
  }
  const wildcard = `${spec.slice(0, spec.indexOf(':'))}:*`;
  const value = configured.get(spec) ?? configured.get(wildcard);
  if (value !== undefined) {
    const price: ModelPrice = { inputPerMTok: value.input, outputPerMTok: value.output };
    if (value.cachedInput !== undefined) price.cachedInputPerMTok = value.cachedInput;
    if (value.cacheWrite !== undefined) price.cacheWritePerMTok = value.cacheWrite;
    return price;
  }
  const builtin = Object.hasOwn(DEFAULT_PRICES, spec) ? DEFAULT_PRICES[spec] : undefined;
  return builtin === undefined ? undefined : { ...builtin };
}
