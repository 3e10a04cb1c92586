/**
 * One planning per design: the settings a `tandem plan` asks for, compared
 * with the open planning's, and the config that falls back on the open
 * planning's models when neither the flags nor tandem.yaml name them.
 */
import type { ResolvedConfig } from '../../config/load.js';
import { TandemError } from '../../errors/tandem-error.js';
import type { PlanWorkflowInput } from '../../workflows/plan.js';
import { loadCommandConfig, type ConfigFlags } from '../config-flags.js';
import type { SessionFlags } from '../session.js';
import { budget, formatChanges, type SettingChange } from '../run/settings-diff.js';

/** `tandem plan`'s flags. */
export interface PlanFlags extends SessionFlags, ConfigFlags {
  out?: string;
  planner?: string;
  reviewer?: string[];
  maxRounds?: string;
  budget?: string;
  budgetTokens?: string;
  force: number;
  allowSameModelReview?: boolean;
  /** Stop the open planning of this design instead of starting one. */
  cancel?: boolean;
  /** Cancel the open planning of this design, then start a new one with these settings. */
  restart?: boolean;
  /** Revise the existing plan for the changed design (plan/revision.ts rules) instead of writing a new one. */
  update?: boolean;
  /** With --update: write or send without asking. */
  yes?: boolean;
  /** With --update: print the diff, change nothing. */
  dryRun?: boolean;
}

export const DEFAULT_MAX_ROUNDS = '2';
const OUT_DEFAULT = 'TODO.md in the repository root';

export function outGiven(flags: PlanFlags): boolean {
  return flags.out !== undefined && flags.out !== OUT_DEFAULT;
}

/** True when the command asks for any planning setting; without one, it means "go on with the open planning". */
export function planFlagsGiven(flags: PlanFlags): boolean {
  const values = [flags.planner, flags.maxRounds, flags.budget, flags.budgetTokens, flags.config];
  // --force counts: overwriting says "plan it as I say now", so a planning with other settings must not be taken over silently.
  return values.some((value) => value !== undefined) || (flags.reviewer?.length ?? 0) > 0 || outGiven(flags) || flags.allowSameModelReview === true || flags.force > 0 || flags.update === true;
}

/** The planning settings a user chooses, as they would write them. */
export function planSettings(input: PlanWorkflowInput): Record<string, string> {
  return {
    'planner (--planner)': input.planner.spec,
    'reviewer (--reviewer)': input.reviewer.spec,
    'review rounds (--max-rounds)': String(input.maxRounds),
    'budget (--budget, --budget-tokens)': budget(input.budget ?? {}),
    'plan file (--out)': input.outRelPath,
    'what (--update)': input.update === true ? 'update the existing plan' : 'write a new plan',
  };
}

/** The config with role flags; when models are in neither and a planning is open, its recorded models stand in. */
export function planConfig(repo: string, flags: PlanFlags, recorded?: PlanWorkflowInput): Promise<ResolvedConfig> {
  const reviewers = flags.reviewer?.length ? flags.reviewer : recorded ? [recorded.reviewer.spec] : flags.reviewer;
  return loadCommandConfig(repo, flags, {
    planner: flags.planner ?? recorded?.planner.spec,
    reviewers,
    allowSameModelReview: flags.allowSameModelReview,
  });
}

export function planSettingsDifferError(designArg: string, workflowId: string, changes: SettingChange[]): TandemError {
  return new TandemError(`The planning of ${designArg} is already open (${workflowId}) with other settings:\n${formatChanges(changes)}`, {
    code: 'PLAN_SETTINGS_DIFFER',
    hint:
      `To go on with the open planning as it is, run \`tandem plan ${designArg}\` without setting flags: it attaches with its recorded models. ` +
      `To use the new settings, add --restart (the open planning is cancelled, then a new one starts), or stop it with \`tandem plan --cancel ${designArg}\`.`,
    context: { workflowId },
  });
}
