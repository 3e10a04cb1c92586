/** Builds a run's fixed settings from tandem.yaml and the command's flags. */
import type { ResolvedConfig } from '../../config/load.js';
import { chosenTestCommand } from '../../config/schema.js';
import { TandemError } from '../../errors/tandem-error.js';
import type { RunSettings } from '../../contracts/run.js';
import type { NotifySettings } from '../../contracts/notify.js';
import { shownUrl } from '../../notify/webhook.js';
import { isOneOf, ON_FAILURE_MODES } from '../../contracts/choices.js';
import { modelRetryMaxSecondsSetting } from '../../settings/environment.js';
import { approvalSettings } from './approval-settings.js';

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
}

export function runSettings(config: ResolvedConfig, flags: RunSettingFlags, heartbeatTimeoutSeconds: number): RunSettings {
  const modelRetryMaxSeconds = modelRetryMaxSecondsSetting();
  return {
    implementer: config.roles.implementer,
    reviewers: config.roles.reviewers,
    testCommand: chosenTestCommand(flags.test, config.test),
    testTimeoutSeconds: config.testTimeoutSeconds,
    commandTimeoutSeconds: config.run.commandTimeoutSeconds,
    sandbox: flags.sandbox === false ? { kind: 'none', caches: [] } : config.sandbox,
    envAllow: config.env.allow,
    reviewPolicy: config.review.policy,
    maxAttempts: flags.maxAttempts ? positiveNumber(flags.maxAttempts, '--max-attempts') : config.run.maxAttempts,
    maxSteps: config.run.maxSteps,
    maxTokensPerAttempt: config.run.maxTokensPerAttempt,
    onFailure: isOneOf(ON_FAILURE_MODES, flags.onFailure) ? flags.onFailure : config.run.onFailure,
    taskBudget: {
      usd: flags.taskBudgetUsd ? positiveNumber(flags.taskBudgetUsd, '--task-budget') : config.budget.task?.usd,
      tokens: flags.taskBudgetTokens ? positiveNumber(flags.taskBudgetTokens, '--task-budget-tokens') : config.budget.task?.tokens,
    },
    runBudget: {
      usd: flags.budgetUsd ? positiveNumber(flags.budgetUsd, '--budget') : config.budget.run?.usd,
      tokens: flags.budgetTokens ? positiveNumber(flags.budgetTokens, '--budget-tokens') : config.budget.run?.tokens,
    },
    heartbeatTimeoutSeconds,
    ...(modelRetryMaxSeconds !== undefined ? { modelRetryMaxSeconds } : {}),
    ...notifySettings(config, flags.notify ?? []),
    ...approvalSettings(config.run, flags),
    ...(Object.keys(config.mcp).length > 0 ? { mcp: config.mcp } : {}),
  };
}

/** tandem.yaml's `notify:` with the flags over it: a flag's URL replaces the file's webhook, `desktop` turns desktop on. */
function notifySettings(config: ResolvedConfig, targets: string[]): Pick<RunSettings, 'notify'> {
  let notify: NotifySettings | undefined = config.notify ? { ...config.notify } : undefined;
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
