/**
 * What would change if a run started now instead of the open one going on:
 * the settings a command was given against the ones the open workflow was
 * started with, each as `setting: open value → new value`. Pure, so a unit
 * test can pin every setting's wording.
 */
import { createHash } from 'node:crypto';
import type { Budget, RunSettings } from '../../contracts/run.js';
import { sandboxPolicy } from '../../contracts/sandbox.js';
import type { ResolvedModel } from '../../models/types.js';
import { shownUrl } from '../../notify/webhook.js';

export interface SettingChange {
  /** The name a user knows it by: the flag or the tandem.yaml key. */
  setting: string;
  open: string;
  next: string;
}

/** A run's settings plus where and how it runs: everything `tandem run` may be asked to change. */
export interface RunIntent {
  settings: RunSettings;
  branch: string;
  /** The queue its workflow and activities are on: the one a worker must poll. */
  taskQueue: string;
  allowFailingBaseline: boolean;
}

type Shown = (intent: RunIntent) => string;

/**
 * Each setting a user can choose, shown as they would write it. The heartbeat
 * timeout is left out: it is a test knob (TANDEM_HEARTBEAT_SECONDS), not a choice.
 */
const RUN_SETTINGS: Array<[string, Shown]> = [
  ['branch (--branch)', (i) => i.branch],
  ['implementer (--implementer)', (i) => model(i.settings.implementer)],
  ['reviewers (--reviewer)', (i) => i.settings.reviewers.map(model).join(', ')],
  ['test command (--test)', (i) => i.settings.testCommand ?? 'none'],
  ['test timeout (testTimeoutSeconds)', (i) => `${i.settings.testTimeoutSeconds} s`],
  ['command timeout (run.commandTimeoutSeconds)', (i) => `${i.settings.commandTimeoutSeconds} s`],
  ['sandbox (--no-sandbox, sandbox:)', (i) => sandbox(i.settings)],
  // Runs started by older versions may lack newer fields: read them defensively.
  ['allowed environment (env.allow)', (i) => (i.settings.envAllow ?? []).join(', ') || 'none'],
  ['review policy (review.policy)', (i) => i.settings.reviewPolicy],
  ['attempts per task (--max-attempts)', (i) => String(i.settings.maxAttempts)],
  ['steps per attempt (run.maxSteps)', (i) => String(i.settings.maxSteps)],
  ['tokens per attempt (run.maxTokensPerAttempt)', (i) => String(i.settings.maxTokensPerAttempt)],
  ['after a failed task (--on-failure)', (i) => i.settings.onFailure],
  ['task budget (--task-budget, --task-budget-tokens)', (i) => budget(i.settings.taskBudget)],
  ['run budget (--budget, --budget-tokens)', (i) => budget(i.settings.runBudget)],
  ['notifications (--notify, notify:)', (i) => notify(i.settings)],
  ['approval gates (--approve, run.approve)', (i) => i.settings.approve?.join(', ') || 'none'],
  ['approval reminders (--approve-remind, run.approveRemind)', (i) => (i.settings.approveRemindSeconds ? `every ${i.settings.approveRemindSeconds} s` : 'none')],
  ['pull request (--pr, --pr-remote, run.pr)', (i) => (i.settings.pr ? `open it${i.settings.pr.remote ? ` on ${i.settings.pr.remote}` : ''}` : 'none')],
  ['converge rounds (--converge-rounds, run.convergeRounds)', (i) => String(i.settings.convergeRounds ?? 0)],
  ['lanes (--parallel, run.parallel)', (i) => lanes(i.settings.parallel)],
  ['worktree setup (run.workspaceSetup)', (i) => i.settings.workspaceSetup ?? 'none'],
  ['wait for a lost worker (run.workerLostSeconds)', (i) => `${i.settings.workerLostSeconds ?? 60} s`],
  ['MCP servers (mcp:)', (i) => mcpServers(i.settings)],
  ['failing baseline (--allow-failing-baseline)', (i) => (i.allowFailingBaseline ? 'allowed' : 'refused')],
  ['task queue (--task-queue)', (i) => i.taskQueue],
];

/** The settings that differ, in a stable order; empty when the new command asks for exactly the open run. */
export function runSettingsDiff(open: RunIntent, next: RunIntent): SettingChange[] {
  return RUN_SETTINGS.flatMap(([setting, show]) => {
    const [before, after] = [show(open), show(next)];
    return before === after ? [] : [{ setting, open: before, next: after }];
  });
}

/** Any pair of labelled values (a plan's planner, rounds, output…) compared the same way. */
export function valuesDiff(open: Record<string, string>, next: Record<string, string>): SettingChange[] {
  return Object.keys(open).flatMap((setting) => (open[setting] === next[setting] ? [] : [{ setting, open: open[setting]!, next: next[setting] ?? 'unset' }]));
}

/** One line per change, indented for a TandemError message. */
export function formatChanges(changes: SettingChange[]): string {
  return changes.map((change) => `  ${change.setting}: ${change.open} → ${change.next}`).join('\n');
}

/** A model as configured; where the same name points elsewhere, the endpoint says so. */
function model(resolved: ResolvedModel): string {
  return resolved.baseUrl ? `${resolved.spec} at ${resolved.baseUrl}` : resolved.spec;
}

function sandbox(settings: RunSettings): string {
  const policy = sandboxPolicy(settings.sandbox);
  return policy.caches.length > 0 ? `${policy.kind} (caches: ${policy.caches.join(', ')})` : policy.kind;
}

/** Where notifications go; a webhook URL may hold a token, so only its origin is shown. */
function notify(settings: RunSettings): string {
  const targets = [settings.notify?.webhook ? shownUrl(settings.notify.webhook) : undefined, settings.notify?.desktop ? 'desktop' : undefined].filter(Boolean);
  return targets.join(', ') || 'none';
}

/** Absent is not `1`: one lane in a worktree leaves the checkout alone, the old single lane works in it. */
function lanes(parallel: number | undefined): string {
  if (parallel === undefined) return 'one task at a time in your checkout';
  return parallel === 1 ? '1 lane in a worktree' : `${parallel} lanes in worktrees`;
}

export function budget(value: Budget): string {
  const parts = [value.usd !== undefined ? `$${value.usd}` : undefined, value.tokens !== undefined ? `${value.tokens} tokens` : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join(' and ') : 'unlimited';
}

/**
 * Each server as a person reads it (its command or URL), with a short digest of
 * its whole definition so a change to an env value or header shows too,
 * without printing values that may be tokens.
 */
function mcpServers(settings: RunSettings): string {
  const servers = Object.entries(settings.mcp ?? {});
  if (servers.length === 0) return 'none';
  return servers
    .map(([name, server]) => {
      const what = server.transport === 'stdio' ? [server.command, ...server.args].join(' ') + (server.sandbox === 'none' ? ' (unsandboxed)' : '') : server.url;
      const digest = createHash('sha256').update(JSON.stringify(server)).digest('hex').slice(0, 6);
      return `${name}: ${what} #${digest}`;
    })
    .join('; ');
}
