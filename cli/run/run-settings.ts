/** Builds a run's fixed settings from tandem.yaml and the command's flags. */
import type { ResolvedConfig } from '../../config/load.js';
import { chosenTestCommand } from '../../config/schema.js';
import { TandemError } from '../../errors/tandem-error.js';
import type { Budget, RunSettings } from '../../contracts/run.js';
import type { NotifySettings } from '../../contracts/notify.js';
import { shownUrl } from '../../notify/webhook.js';
import { isOneOf, ON_FAILURE_MODES, type OnFailureMode } from '../../contracts/choices.js';
import { modelRetryMaxSecondsSetting } from '../../settings/environment.js';
import { approvalSettings } from './approval-settings.js';
import { parallelSetting } from './parallel-setting.js';
import { endpointIdentity } from '../../models/endpoint-identity.js';
import { keyVariablesOf } from '../../config/key-variables.js';

export interface RunSettingFlags {
  test?: string;
  /** `--no-sandbox` makes this false: the user's explicit opt-out for this run. */
  sandbox?: boolean;
  onFailure?: string;
  maxAttempts?: string;
  budgetUsd?: string;
  budgetTokens?: string;
  taskBudgetUsd?: string;
  taskBudgetTokens?: string;
  /** `--notify <target>`, repeatable: a webhook URL, or `desktop`. */
  notify?: string[];
  /** `--approve <gates>`, repeatable or a comma list: plan, each, final. */
  approve?: string[];
  /** `--approve-remind <duration>`, e.g. 4h. */
  approveRemind?: string;
  /** `--pr`: open the pull request when the run completes. */
  pr?: boolean;
  /** `--pr-remote <name>`: the remote to push to; implies --pr. */
  prRemote?: string;
  /** `--converge-rounds <n>`: 0 turns the converge review off. */
  convergeRounds?: string;
  /** `--parallel <n>`: up to n tasks at once, each in a git worktree. */
  parallel?: string;
  /** `--in-checkout`: one task at a time on the run branch in the user's checkout. */
  inCheckout?: boolean;
}

export function runSettings(config: ResolvedConfig, flags: RunSettingFlags, heartbeatTimeoutSeconds: number): RunSettings {
  const modelRetryMaxSeconds = modelRetryMaxSecondsSetting();
  const given = settingFlagValues(flags);
  return {
    implementer: config.roles.implementer,
    reviewers: config.roles.reviewers,
    testCommand: chosenTestCommand(flags.test, config.test),
    testTimeoutSeconds: config.testTimeoutSeconds,
    commandTimeoutSeconds: config.run.commandTimeoutSeconds,
    sandbox: flags.sandbox === false ? { kind: 'none', caches: [] } : config.sandbox,
    envAllow: config.env.allow,
    keyVariables: keyVariablesOf(config),
    reviewPolicy: config.review.policy,
    maxAttempts: given.maxAttempts ?? config.run.maxAttempts,
    maxSteps: config.run.maxSteps,
    maxTokensPerAttempt: config.run.maxTokensPerAttempt,
    onFailure: given.onFailure ?? config.run.onFailure,
    taskBudget: { usd: given.taskBudget.usd ?? config.budget.task?.usd, tokens: given.taskBudget.tokens ?? config.budget.task?.tokens },
    runBudget: { usd: given.runBudget.usd ?? config.budget.run?.usd, tokens: given.runBudget.tokens ?? config.budget.run?.tokens },
    heartbeatTimeoutSeconds,
    convergeRounds: given.convergeRounds ?? config.run.convergeRounds,
    ...(modelRetryMaxSeconds !== undefined ? { modelRetryMaxSeconds } : {}),
    ...notifySettings(config, flags.notify ?? []),
    ...approvalSettings(config.run, flags),
    ...parallelSetting(config.run, flags),
    ...workspaceSetupSetting(config.run, flags),
    ...pullRequestSetting(config, flags),
    ...(Object.keys(config.mcp).length > 0 ? { mcp: config.mcp } : {}),
  };
}

/** What the setting flags ask for on their own; undefined where a flag was not given. */
interface SettingFlagValues {
  maxAttempts?: number;
  onFailure?: OnFailureMode;
  taskBudget: Budget;
  runBudget: Budget;
  convergeRounds?: number;
}

/**
 * Reads every setting flag's value on its own, without tandem.yaml or a server:
 * a bad value throws a usage error naming the flag. `tandem run` calls it
 * (through checkRunSettingFlags) before anything starts.
 */
function settingFlagValues(flags: RunSettingFlags): SettingFlagValues {
  if (flags.onFailure !== undefined && !isOneOf(ON_FAILURE_MODES, flags.onFailure)) {
    throw new TandemError(`--on-failure takes ${ON_FAILURE_MODES.join(' or ')}, got "${flags.onFailure}".`, {
      code: 'USAGE',
      hint: 'e.g. --on-failure continue (go on with the tasks that do not depend on the failed one), or --on-failure stop',
    });
  }
  const optional = <T>(value: string | undefined, read: (value: string) => T): T | undefined => (value === undefined ? undefined : read(value));
  return {
    maxAttempts: optional(flags.maxAttempts, (value) => positiveInteger(value, '--max-attempts')),
    onFailure: flags.onFailure,
    taskBudget: {
      usd: optional(flags.taskBudgetUsd, (value) => positiveNumber(value, '--task-budget')),
      tokens: optional(flags.taskBudgetTokens, (value) => positiveInteger(value, '--task-budget-tokens')),
    },
    runBudget: {
      usd: optional(flags.budgetUsd, (value) => positiveNumber(value, '--budget')),
      tokens: optional(flags.budgetTokens, (value) => positiveInteger(value, '--budget-tokens')),
    },
    convergeRounds: optional(flags.convergeRounds, convergeRoundsFlag),
  };
}

/**
 * Throws the usage error a run's settings would throw for a flag's own value
 * (a number, a choice, a --notify target), so the CLI can refuse it before a
 * server is contacted.
 */
export function checkRunSettingFlags(flags: RunSettingFlags): void {
  settingFlagValues(flags);
  notifySettings(undefined, flags.notify ?? []);
}

/** `run.workspaceSetup` and `run.workerLostSeconds` count only with lanes: a run in the user's checkout has its ignored files already, and one worker. */
function workspaceSetupSetting(run: ResolvedConfig['run'], flags: RunSettingFlags): Pick<RunSettings, 'workspaceSetup' | 'workerLostSeconds'> {
  const lanes = parallelSetting(run, flags).parallel !== undefined;
  if (!lanes) return {};
  return { ...(run.workspaceSetup ? { workspaceSetup: run.workspaceSetup } : {}), ...(run.workerLostSeconds !== undefined ? { workerLostSeconds: run.workerLostSeconds } : {}) };
}

/** `--pr` / `--pr-remote` over tandem.yaml's `run.pr` (true, or `{ remote }`). */
function pullRequestSetting(config: ResolvedConfig, flags: RunSettingFlags): Pick<RunSettings, 'pr'> {
  const configured = config.run.pr;
  if (!flags.pr && !flags.prRemote && !configured) return {};
  const remote = flags.prRemote ?? configured?.remote;
  return { pr: remote ? { remote } : {} };
}

/** The settings of a new run with this process's endpoints and key fingerprints: the run's own, which every worker must match. */
export function withEndpoints(settings: RunSettings, env: NodeJS.ProcessEnv = process.env): RunSettings {
  return {
    ...settings,
    endpoints: {
      implementer: endpointIdentity(settings.implementer, env),
      reviewers: settings.reviewers.map((reviewer) => endpointIdentity(reviewer, env)),
    },
  };
}

/** tandem.yaml's `notify:` with the flags over it: a flag's URL replaces the file's webhook, `desktop` turns desktop on. */
function notifySettings(config: Pick<ResolvedConfig, 'notify'> | undefined, targets: string[]): Pick<RunSettings, 'notify'> {
  let notify: NotifySettings | undefined = config?.notify ? { ...config.notify } : undefined;
  for (const target of targets) {
    if (target === 'desktop') {
      notify = { ...notify, desktop: true };
    } else if (/^https?:\/\/[^\s/]+/.test(target)) {
      // A flag's URL comes with no format: Slack or JSON is decided by the URL again.
      notify = { desktop: notify?.desktop ?? false, webhook: target };
    } else {
      throw new TandemError(`--notify takes a webhook URL or "desktop", got "${target.includes('/') ? shownUrl(target) : target}".`, {
        code: 'USAGE',
        hint: 'e.g. --notify https://hooks.slack.com/services/… or --notify desktop',
      });
    }
  }
  return notify && (notify.webhook || notify.desktop) ? { notify } : {};
}

/** A flag's value as a positive number, or a usage error naming the flag. */
export function positiveNumber(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new TandemError(`${flag} must be a positive number, got "${value}".`, { code: 'USAGE', hint: `e.g. ${flag} 5` });
  }
  return number;
}

/** A count flag's value as a whole number ≥ 1, or a usage error naming the flag. */
export function positiveInteger(value: string, flag: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < 1 || !Number.isSafeInteger(number)) {
    throw new TandemError(`${flag} must be a whole number ≥ 1, got "${value}".`, { code: 'USAGE', hint: `e.g. ${flag} ${flag.includes('tokens') ? '200000' : '3'}` });
  }
  return number;
}

/** `--converge-rounds`: a whole number from 0 (off) to 10, or a usage error. */
export function convergeRoundsFlag(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number > 10) {
    throw new TandemError(`--converge-rounds must be a whole number from 0 to 10, got "${value}".`, {
      code: 'USAGE',
      hint: 'e.g. --converge-rounds 2 (two reviews of the branch against the design), or 0 to turn the review off',
    });
  }
  return number;
}
