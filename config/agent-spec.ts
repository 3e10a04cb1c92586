/**
 * External agents as roles: `agent:codex`, `agent:codex/gpt-5.4`,
 * `agent:claude-code/claude-sonnet-5-5`, or in tandem.yaml
 * `{ agent: codex, model: gpt-5.4, effort: high }`. `agent` is a reserved word
 * before the colon, so an agent can never be mistaken for a provider or a named
 * endpoint; what follows the slash is the model the agent is pointed at, resolved
 * like any other model (a bare id belongs to the agent's own vendor).
 */
import { TandemError } from '../errors/tandem-error.js';
import { AGENT_NAMES, type AgentName, type ResolvedModel } from '../models/types.js';
import { builtinProvider } from '../models/providers/registry.js';

export const AGENT_PREFIX = 'agent:';

/** The vendor each agent's CLI speaks: Codex only the Responses API, Claude Code only Anthropic Messages. */
const AGENT_VENDOR: Record<AgentName, { provider: 'openai' | 'anthropic'; kind: ResolvedModel['kind'] }> = {
  codex: { provider: 'openai', kind: 'openai' },
  'claude-code': { provider: 'anthropic', kind: 'anthropic' },
};

export interface AgentSpec {
  agent: AgentName;
  /** The model spec the agent is pointed at, `provider:model`. */
  modelSpec: string;
}

export function isAgentSpec(spec: string): boolean {
  return spec.trim().toLowerCase().startsWith(AGENT_PREFIX);
}

/** `agent:codex/gpt-5.4` → codex with `openai:gpt-5.4`; no model → the vendor's default implementer. Throws AGENT_UNKNOWN. */
export function parseAgentSpec(spec: string, prefix = ''): AgentSpec {
  const body = spec.trim().slice(AGENT_PREFIX.length);
  const slash = body.indexOf('/');
  const name = (slash < 0 ? body : body.slice(0, slash)).toLowerCase();
  const model = slash < 0 ? '' : body.slice(slash + 1);
  if (!(AGENT_NAMES as readonly string[]).includes(name)) {
    throw new TandemError(`${prefix}unknown agent "${name}" in "${spec.trim()}" (known agents: ${AGENT_NAMES.join(', ')})`, {
      code: 'AGENT_UNKNOWN',
      hint: 'Write agent:codex or agent:claude-code, optionally with a model: agent:codex/gpt-5.4, or in tandem.yaml { agent: codex, model: gpt-5.4 }.',
      context: { setting: spec.trim() },
    });
  }
  const agent = name as AgentName;
  const vendor = AGENT_VENDOR[agent];
  const fallback = builtinProvider(vendor.provider)?.defaultRoles?.implementer ?? `${vendor.provider}:default`;
  const modelSpec = model === '' ? fallback : model.includes(':') ? model : `${vendor.provider}:${model}`;
  return { agent, modelSpec };
}

/**
 * Marks a model resolved for an agent: its spec becomes `agent:<name>/<model>` (so the
 * agent and the same vendor's API through Tandem's own loop count as different models
 * for cross-review), and a model of the wrong wire protocol is refused.
 */
export function asAgentModel(parsed: AgentSpec, model: ResolvedModel, prefix = ''): ResolvedModel {
  const vendor = AGENT_VENDOR[parsed.agent];
  const compatible = parsed.agent === 'codex' ? model.kind === 'openai' || model.kind === 'openai-compatible' : model.kind === vendor.kind;
  if (!compatible) {
    throw new TandemError(`${prefix}${parsed.agent} cannot use ${model.spec}: it speaks only the ${vendor.provider === 'openai' ? 'OpenAI Responses' : 'Anthropic Messages'} API`, {
      code: 'MODEL_SPEC_INVALID',
      hint: `Point ${parsed.agent} at a ${vendor.provider} model, e.g. agent:${parsed.agent}/${vendor.provider === 'openai' ? 'gpt-5.4' : 'claude-sonnet-5-5'}.`,
      context: { setting: model.spec },
    });
  }
  return { ...model, spec: `${AGENT_PREFIX}${parsed.agent}/${model.spec.startsWith(`${vendor.provider}:`) ? model.model : model.spec}`, agent: parsed.agent };
}

/**
 * The model a role runs, whoever drives it: `agent:codex/gpt-5.4` runs `openai:gpt-5.4`
 * (a bare id is the agent's vendor's: codex → openai, claude-code → anthropic), any other
 * model is its own spec. The cross-review rule compares this, so an agent cannot review
 * its own model's work through Tandem's loop, nor the other way round.
 */
export function underlyingModelSpec(model: Pick<ResolvedModel, 'spec' | 'agent' | 'providerName' | 'model'>): string {
  // asAgentModel keeps the endpoint's provider and model id, exactly as resolveModel built them.
  return model.agent === undefined ? model.spec : `${model.providerName}:${model.model}`;
}
