/**
 * One run per intent: a plan has one workflow id, so a `tandem run` that
 * finds it open either attaches to it as it is (no setting flags: the
 * recorded settings go on, models included) or, when asked for different
 * settings, refuses and names each difference, unless `--restart` says to
 * cancel the open run and start again.
 */
import type { ResolvedConfig } from '../../config/load.js';
import type { RunSettings } from '../../contracts/run.js';
import { TandemError } from '../../errors/tandem-error.js';
import { loadCommandConfig, type ConfigFlags } from '../config-flags.js';
import { runSettings, type RunSettingFlags } from './run-settings.js';
import { formatChanges, runSettingsDiff, type RunIntent, type SettingChange } from './settings-diff.js';

export interface RunIntentFlags extends RunSettingFlags, ConfigFlags {
  branch?: string;
  taskQueue?: string;
  allowFailingBaseline?: boolean;
  implementer?: string;
  reviewer?: string[];
  allowSameModelReview?: boolean;
}

/** True when the command asks for any setting; without one, it means "go on with the open run". */
export function settingFlagsGiven(flags: RunIntentFlags): boolean {
  const values = [flags.test, flags.onFailure, flags.maxAttempts, flags.budgetUsd, flags.budgetTokens, flags.taskBudgetUsd, flags.taskBudgetTokens, flags.branch, flags.implementer, flags.config, flags.taskQueue, flags.approveRemind, flags.convergeRounds, flags.parallel];
  const lists = [flags.reviewer, flags.notify, flags.approve];
  return (
    values.some((value) => value !== undefined) ||
    lists.some((list) => (list?.length ?? 0) > 0) ||
    flags.sandbox === false ||
    flags.allowSameModelReview === true ||
    flags.allowFailingBaseline === true ||
    flags.pr === true ||
    flags.prRemote !== undefined
  );
}

/**
 * The config for a run's settings. When a run is open and neither the flags
 * nor tandem.yaml name the models (they were flags when it started), the
 * open run's models stand in: asking for `--test` alone must not need the
 * model flags repeated.
 */
export async function loadRunConfig(repo: string, flags: RunIntentFlags, recorded?: RunSettings): Promise<ResolvedConfig> {
  const overrides = { implementer: flags.implementer, reviewers: flags.reviewer, allowSameModelReview: flags.allowSameModelReview };
  try {
    return await loadCommandConfig(repo, flags, overrides);
  } catch (error) {
    if (!(recorded && error instanceof TandemError && error.code === 'MODELS_NOT_CONFIGURED')) throw error;
    return loadCommandConfig(repo, flags, {
      ...overrides,
      implementer: flags.implementer ?? recorded.implementer.spec,
      reviewers: flags.reviewer?.length ? flags.reviewer : recorded.reviewers.map((reviewer) => reviewer.spec),
    });
  }
}

export interface WantedRun {
  settings: RunSettings;
  changes: SettingChange[];
}

/** The settings this command asks for and how they differ from the open run's. */
export async function wantedRun(input: {
  repo: string;
  flags: RunIntentFlags;
  branch: string;
  /** The queue a new run would go on: the command's (--task-queue, tandem.yaml, environment). */
  taskQueue: string;
  open: RunIntent;
  heartbeatSeconds: number;
}): Promise<WantedRun> {
  const config = await loadRunConfig(input.repo, input.flags, input.open.settings);
  const settings = runSettings(config, input.flags, input.heartbeatSeconds);
  const next: RunIntent = { settings, branch: input.branch, taskQueue: input.taskQueue, allowFailingBaseline: input.flags.allowFailingBaseline === true };
  return { settings, changes: runSettingsDiff(input.open, next) };
}

/** RUN_SETTINGS_DIFFER: the open run was started with other settings; the two ways on are in the hint. */
export function settingsDifferError(input: { planArg: string; workflowId: string; changes: SettingChange[] }): TandemError {
  return new TandemError(
    `A run of ${input.planArg} is already open (${input.workflowId}) with other settings:\n${formatChanges(input.changes)}`,
    {
      code: 'RUN_SETTINGS_DIFFER',
      hint:
        `To go on with the open run as it is, run \`tandem run ${input.planArg}\` without setting flags: it attaches with its recorded settings. ` +
        `To use the new settings, add --restart: the open run is cancelled (its running task rolled back), then a new one starts and skips the tasks already committed.`,
      context: { workflowId: input.workflowId },
    },
  );
}

/**
 * Attaching goes on with the recorded settings, so edits to tandem.yaml since
 * the run started do nothing until a restart: one line names the settings
 * that differ, so the user is not left wondering. Flags given at the start
 * count as differences too: a restart without them would drop them. Undefined when they
 * agree, or when tandem.yaml cannot be read (the attach needs nothing from it).
 */
export async function configDriftNote(input: { repo: string; planArg: string; open: RunIntent; heartbeatSeconds: number }): Promise<string | undefined> {
  const { open } = input;
  const wanted = await wantedRun({ ...input, flags: { allowFailingBaseline: open.allowFailingBaseline }, branch: open.branch, taskQueue: open.taskQueue }).catch(() => undefined);
  if (!wanted || wanted.changes.length === 0) return undefined;
  const names = wanted.changes.map((change) => change.setting.replace(/ \(.*\)$/, '')).join(', ');
  return `tandem: this run goes on with the settings it started with, which differ from tandem.yaml's in: ${names}. \`tandem run ${input.planArg} --restart\` starts again with tandem.yaml's.\n`;
}
