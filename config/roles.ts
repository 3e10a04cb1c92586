/**
 * Who plans, who implements, who reviews. Priority per role: CLI flags, then
 * tandem.yaml, then defaults derived from which API keys are set. Enforces the
 * rule Tandem is built on: the implementer never reviews its own work.
 */
import { TandemError } from '../errors/tandem-error.js';
import { keyedVendors, localExample, vendorKeyVariables } from '../models/providers/registry.js';
import type { ResolvedModel } from '../models/types.js';
import { underlyingModelSpec } from './agent-spec.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import { resolveModel, type Env, type ModelContext } from './model-spec.js';
import type { ModelRef, TandemConfig } from './schema.js';

export interface RoleOverrides {
  /** `--planner M` */
  planner?: string;
  /** `--implementer M` */
  implementer?: string;
  /** `--reviewer M`, repeatable; an empty list means "not given". */
  reviewers?: readonly string[];
  /** `--allow-same-model-review` */
  allowSameModelReview?: boolean;
}

export interface ResolvedRoles {
  planner: ResolvedModel;
  implementer: ResolvedModel;
  reviewers: ResolvedModel[];
}

export interface ResolveRolesInput {
  config: Pick<TandemConfig, 'models' | 'aliases' | 'providers' | 'prices'>;
  env: Env;
  overrides?: RoleOverrides;
  /** Labels a config key path for messages, e.g. `tandem.yaml:3: models.planner`. */
  locate?: (path: KeyPath) => string;
  /** Lets `scripted:` models through; see ModelContext.allowScripted. */
  allowScripted?: boolean;
}

interface DefaultRoles {
  planner: string;
  implementer: string;
  /** Preference order; the first that differs from the implementer is used. */
  reviewerCandidates: string[];
  from: string;
}

const hasValue = (env: Env, name: string): boolean => (env[name]?.trim() ?? '') !== '';

/**
 * Defaults from the vendor keys present (the registry's defaultRoles), or undefined
 * when no vendor key is set. With one vendor's key, its own defaults. With several,
 * the first in registry order plans and reviews and the second implements, so
 * every step is checked by another vendor.
 */
export function defaultRoleSpecs(env: Env): DefaultRoles | undefined {
  const keyed = keyedVendors().filter((vendor) => hasValue(env, vendor.apiKeyEnv));
  const [lead, other] = keyed;
  if (lead === undefined) return undefined;
  const from = keyed.map((vendor) => vendor.apiKeyEnv).join(' and ');
  if (other === undefined) {
    const roles = lead.defaultRoles;
    return { planner: roles.planner, implementer: roles.implementer, reviewerCandidates: [...roles.reviewers], from };
  }
  const implementer = other.defaultRoles.implementer;
  return { planner: lead.defaultRoles.planner, implementer, reviewerCandidates: [lead.defaultRoles.planner, implementer], from };
}

/**
 * Resolves the three roles. An unset planner with no key defaults falls back to
 * the implementer. Throws TandemError MODELS_NOT_CONFIGURED when a role
 * has no source at all, REVIEWER_IS_IMPLEMENTER when a reviewer is the implementer's
 * model (same normalised spec after aliases, and an agent counts as the model it runs:
 * `agent:codex/gpt-5.4` is `openai:gpt-5.4`) without the opt-out, and the
 * model-spec errors for bad specs. Duplicate reviewers are collapsed: a second
 * copy of the same model adds no independent judgement.
 */
export function resolveRoles(input: ResolveRolesInput): ResolvedRoles {
  const { config, env, overrides = {} } = input;
  const ctx: ModelContext = { aliases: config.aliases, providers: config.providers, prices: config.prices, env, allowScripted: input.allowScripted === true };
  const locate = input.locate ?? formatKeyPath;
  const defaults = defaultRoleSpecs(env);
  const yaml = config.models;

  // Each model keeps the label of where it was chosen, so a clash can point at both places.
  const pick = (role: 'planner' | 'implementer'): Sourced | undefined => {
    const flag = overrides[role];
    if (flag !== undefined) return sourced(flag, ctx, `--${role}`);
    const fromYaml: ModelRef | undefined = yaml[role];
    if (fromYaml !== undefined) return sourced(fromYaml, ctx, locate(['models', role]));
    return defaults && sourced(defaults[role], ctx, `default ${role} (from ${defaults.from})`);
  };
  const chosenPlanner = pick('planner');
  // Without keys for defaults, a config naming only implementer and reviewers (say, all
  // Ollama) still plans: the implementer plans and a reviewer critiques. Symmetrically,
  // `tandem plan --planner X --reviewer Y` needs no implementer to be configured.
  const implementer = pick('implementer') ?? chosenPlanner;
  const planner = chosenPlanner ?? implementer;

  let reviewers: Sourced[] = [];
  if (overrides.reviewers !== undefined && overrides.reviewers.length > 0) {
    reviewers = overrides.reviewers.map((spec) => sourced(spec, ctx, '--reviewer'));
  } else if (yaml.reviewers !== undefined) {
    reviewers = yaml.reviewers.map((ref, i) => sourced(ref, ctx, locate(['models', 'reviewers', i])));
  } else if (defaults !== undefined) {
    const spec = defaults.reviewerCandidates.find((candidate) => implementer === undefined || candidate !== underlyingModelSpec(implementer.model));
    if (spec !== undefined) reviewers = [sourced(spec, ctx, `default reviewer (from ${defaults.from})`)];
  }
  if (planner === undefined || implementer === undefined || reviewers.length === 0) {
    const missing = { planner, implementer, reviewers: reviewers[0] };
    throw notConfigured(Object.keys(missing).filter((role) => missing[role as keyof typeof missing] === undefined));
  }
  reviewers = reviewers.filter((r, i) => reviewers.findIndex((other) => other.model.spec === r.model.spec) === i);

  const allowSame = overrides.allowSameModelReview === true || yaml.allowSameModelReview;
  const implemented = underlyingModelSpec(implementer.model);
  const self = reviewers.find((reviewer) => underlyingModelSpec(reviewer.model) === implemented);
  if (self !== undefined && !allowSame) {
    // Name the model behind an agent, so "agent:codex/gpt-5.4" vs "openai:gpt-5.4" reads as the clash it is.
    const runs = self.model.spec === implementer.model.spec ? '' : `: ${implementer.model.spec}; both run ${implemented}`;
    throw new TandemError(
      `${self.where}: reviewer ${self.model.spec} is the same model as the implementer (${implementer.where}${runs}); Tandem's cross-review needs a different model to approve each task`,
      {
        code: 'REVIEWER_IS_IMPLEMENTER',
        hint: 'Choose a reviewer from another model or vendor (models.reviewers or --reviewer), or opt out with models.allowSameModelReview: true or --allow-same-model-review.',
        context: { key: 'models.reviewers', setting: self.model.spec },
      },
    );
  }
  return { planner: planner.model, implementer: implementer.model, reviewers: reviewers.map((r) => r.model) };
}

interface Sourced {
  model: ResolvedModel;
  where: string;
}

function sourced(ref: string | ModelRef, ctx: ModelContext, where: string): Sourced {
  return { model: resolveModel(ref, ctx, where), where };
}

function notConfigured(missing: string[]): TandemError {
  const keys = vendorKeyVariables();
  const local = localExample();
  return new TandemError(
    `no model is configured for ${missing.join(', ')}: ${keys.length > 1 ? 'neither ' : ''}${keys.join(' nor ')} is set, and tandem.yaml does not name one`,
    {
      code: 'MODELS_NOT_CONFIGURED',
      hint: `Set ${keys.join(' and/or ')}, or add models: to tandem.yaml (e.g. implementer: ${local.implementer} with reviewers: [${local.reviewer}]), or run \`tandem init\`.`,
      context: { key: 'models' },
    },
  );
}

/** The roles a command calls; `tandem run` never calls the planner. */
export type RoleModels = Omit<ResolvedRoles, 'planner'> & { planner?: ResolvedModel };

/**
 * Throws API_KEY_MISSING naming every unset variable the given models need,
 * and the role that needs it when given roles. Only the variable names appear
 * in the error, never a value. Models without apiKeyEnv (Ollama, keyless
 * endpoints) need nothing.
 */
export function assertKeysPresent(models: RoleModels | readonly ResolvedModel[], env: Env): void {
  const labelled: Array<[string, ResolvedModel]> = isRoles(models)
    ? [
        ...(models.planner ? [['planner', models.planner] as [string, ResolvedModel]] : []),
        ['implementer', models.implementer],
        ...models.reviewers.map((model): [string, ResolvedModel] => ['reviewer', model]),
      ]
    : models.map((model): [string, ResolvedModel] => ['model', model]);
  const needs = new Map<string, string[]>();
  for (const [role, model] of labelled) {
    if (model.apiKeyEnv === undefined || hasValue(env, model.apiKeyEnv)) continue;
    needs.set(model.apiKeyEnv, [...(needs.get(model.apiKeyEnv) ?? []), `${role} ${model.spec}`]);
  }
  if (needs.size === 0) return;
  const variables = [...needs.keys()];
  const detail = [...needs].map(([name, users]) => `${name} (needed by ${[...new Set(users)].join(', ')})`).join('; ');
  throw new TandemError(`API key not set: ${detail}`, {
    code: 'API_KEY_MISSING',
    hint: `Export ${variables.join(' and ')} in the environment that runs tandem, or choose other models with --planner/--implementer/--reviewer or models: in tandem.yaml.`,
    context: { setting: variables.join(',') },
  });
}

function isRoles(models: RoleModels | readonly ResolvedModel[]): models is RoleModels {
  return 'implementer' in models;
}

/**
 * The model that critiques a plan: the first reviewer that is not the planner,
 * else the implementer if it differs. Throws REVIEWER_IS_PLANNER when every
 * candidate is the planner, unless same-model review is allowed.
 */
export function planReviewer(roles: ResolvedRoles, options: { allowSameModelReview?: boolean } = {}): ResolvedModel {
  const planned = underlyingModelSpec(roles.planner);
  const other = [...roles.reviewers, roles.implementer].find((model) => underlyingModelSpec(model) !== planned);
  if (other !== undefined) return other;
  if (options.allowSameModelReview === true) return roles.reviewers[0] ?? roles.planner;
  throw new TandemError(`every reviewer is the planner's model (${roles.planner.spec}); a plan must be critiqued by a different model`, {
    code: 'REVIEWER_IS_PLANNER',
    hint: 'Choose a different --reviewer or --planner, or opt out with models.allowSameModelReview: true or --allow-same-model-review.',
    context: { key: 'models.reviewers', setting: roles.planner.spec },
  });
}
