/**
 * The models `tandem init` proposes, from which API keys are set. It reuses
 * the defaults `tandem run` would pick (config/roles.ts), so the file written
 * says exactly what would happen without it, and the user can edit from there.
 */
import { defaultRoleSpecs } from '../../config/roles.js';
import type { Env } from '../../config/model-spec.js';
import type { LocalExample } from '../../models/providers/descriptor.js';
import { localExample } from '../../models/providers/registry.js';

export type ModelProposal =
  | {
      kind: 'keys';
      planner: string;
      implementer: string;
      reviewer: string;
      /** The variable names the proposal came from, e.g. `OPENAI_API_KEY`; never their values. */
      from: string;
      /** True when implementer and reviewer share a vendor (only one vendor's key is set). */
      sameVendor: boolean;
    }
  | { kind: 'none' };

/** Local models for a machine without vendor keys, from the provider that offers them (Ollama). */
export const OLLAMA_EXAMPLE: LocalExample = localExample();

/** A proposal for `env` (only key presence is read); `none` when no vendor key is set. */
export function proposeModels(env: Env): ModelProposal {
  const defaults = defaultRoleSpecs(env);
  if (defaults === undefined) return { kind: 'none' };
  // Prefer a reviewer from another vendor, then any other model: the same rule as resolveRoles.
  const others = defaults.reviewerCandidates.filter((spec) => spec !== defaults.implementer);
  const reviewer = others.find((spec) => vendorOf(spec) !== vendorOf(defaults.implementer)) ?? others[0] ?? defaults.implementer;
  return {
    kind: 'keys',
    planner: defaults.planner,
    implementer: defaults.implementer,
    reviewer,
    from: defaults.from,
    sameVendor: vendorOf(reviewer) === vendorOf(defaults.implementer),
  };
}

/** `anthropic` for `anthropic:claude-sonnet-5-5`. */
export function vendorOf(spec: string): string {
  return spec.slice(0, spec.indexOf(':')).toLowerCase();
}
