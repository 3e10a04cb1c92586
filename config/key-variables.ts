/**
 * The variables that hold a run's model keys, by name: every `apiKeyEnv` the
 * config's providers, the resolved roles and the built-in vendors name. They
 * travel in the run's settings (names only, never values), so every worker
 * keeps them from commands and redacts their values, whatever they are called
 * (`OLLAMA_BEARER` matches no credential pattern).
 */
import { BUILTIN_PROVIDERS } from '../models/providers/registry.js';
import type { ResolvedModel } from '../models/types.js';
import type { TandemConfig } from './schema.js';

export interface KeyVariableSources {
  providers: TandemConfig['providers'];
  /** The resolved planner, implementer and reviewers (a role not resolved yet adds nothing). */
  roles: { planner?: ResolvedModel; implementer?: ResolvedModel; reviewers?: readonly ResolvedModel[] };
}

/** Each key variable's name once, sorted. */
export function keyVariablesOf(config: KeyVariableSources): string[] {
  const { planner, implementer, reviewers } = config.roles;
  const names = [
    ...BUILTIN_PROVIDERS.map((provider) => provider.apiKeyEnv),
    ...Object.values(config.providers).map((provider) => provider.apiKeyEnv),
    ...[planner, implementer, ...(reviewers ?? [])].map((model) => model?.apiKeyEnv),
  ];
  return [...new Set(names.filter((name): name is string => name !== undefined))].sort();
}
