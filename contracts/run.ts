/**
 * Plain-data types for the run and task workflows. Shared with the CLI and
 * activities; pure, so workflow code may import it.
 */
import type { EndpointIdentity, ResolvedModel } from '../models/types.js';
import type { ApprovalGate, ApprovalWait } from './approval.js';
import type { McpServers } from './mcp.js';
import type { OnFailureMode, ReviewPolicy } from './choices.js';
import type { NotifySettings } from './notify-settings.js';
import type { SandboxSetting } from './sandbox.js';
import type { ConvergeProgress } from './converge.js';

export type { ReviewPolicy } from './choices.js';

export type TaskState =
  | 'pending'
  | 'running'
  | 'committed'
  | 'failed'
  | 'skipped'
  | 'blocked';

export interface Budget {
  usd?: number;
  tokens?: number;
}

/** Everything a run needs, fixed at start. Never contains secrets: models carry env var names only. */
export interface RunSettings {
  implementer: ResolvedModel;
  reviewers: ResolvedModel[];
  testCommand?: string;
  testTimeoutSeconds: number;
  commandTimeoutSeconds: number;
  sandbox: SandboxSetting;
  envAllow: string[];
  /**
   * Names of the variables holding model keys (every `apiKeyEnv` of the config's providers
   * and the run's roles): commands never get them and output has their values redacted,
   * whatever the names look like. Names only. Absent in runs started before it.
   */
  keyVariables?: string[];
  reviewPolicy: ReviewPolicy;
  maxAttempts: number;
  maxSteps: number;
  maxTokensPerAttempt: number;
  onFailure: OnFailureMode;
  taskBudget: Budget;
  runBudget: Budget;
  /** How long a silent activity may go before Temporal hands it to another worker. */
  heartbeatTimeoutSeconds: number;
  /** The longest wait between two tries of a failed model call (TANDEM_MODEL_RETRY_MAX_SECONDS); absent means 120. */
  modelRetryMaxSeconds?: number;
  /** Webhook and desktop notifications; absent (and in runs started before them) means none. */
  notify?: NotifySettings;
  /** Where the run waits for a person (`--approve`); absent or empty means nowhere. */
  approve?: ApprovalGate[];
  /** While it waits for approval, notify again every this many seconds (`--approve-remind`). */
  approveRemindSeconds?: number;
  /** Push the branch and open (or update) its pull request when every task is committed (`--pr`, `run.pr`); absent means no. */
  pr?: { remote?: string };
  /**
   * Rounds of follow-up tasks the converge review of the whole branch may add, each
   * checked by one more review (`--converge-rounds`, `run.convergeRounds`); 0 turns the
   * review off. Absent (runs started before it existed) means off.
   */
  convergeRounds?: number;
  /**
   * Lanes (`--parallel`, `run.parallel`, 1..16): up to this many tasks at once, each in a
   * git worktree under `location.workspaceRoot`, integrated onto the run branch one at a
   * time. Absent means today's single lane in the user's checkout; 1 means one lane in a worktree.
   */
  parallel?: number;
  /** `run.workspaceSetup`, with lanes only: run in each new worktree before it is used (e.g. `npm ci`). */
  workspaceSetup?: string;
  /**
   * `run.workerLostSeconds`, with lanes: how long a task's activity waits for the worker holding
   * its worktree before the attempt starts again elsewhere on a fresh worktree. Absent: 60.
   */
  workerLostSeconds?: number;
  /**
   * Where each role's calls went, and with which key (as a fingerprint), when the run
   * started. Workers refuse to call with anything else. Absent in runs started before it.
   */
  endpoints?: RunEndpoints;
  /** MCP servers whose tools the implementer may call; absent (and in runs started before them) means none. */
  mcp?: McpServers;
}

/** The recorded endpoint of each role, in the order of the settings' models. */
export interface RunEndpoints {
  implementer: EndpointIdentity;
  reviewers: EndpointIdentity[];
}

const CHECK_SETTING_KEYS = ['testCommand', 'testTimeoutSeconds', 'sandbox', 'envAllow', 'keyVariables'] as const;
const COMMAND_SETTING_KEYS = ['sandbox', 'envAllow', 'keyVariables', 'commandTimeoutSeconds', 'mcp'] as const;

/** What a check command (a task's Verify:, the project's tests) runs with. */
export type CheckSettings = Pick<RunSettings, (typeof CHECK_SETTING_KEYS)[number]>;
/** What the implementer's run_command tool runs with. */
export type CommandSettings = Pick<RunSettings, (typeof COMMAND_SETTING_KEYS)[number]>;

/** The check settings alone: activities get what they use, not the whole run's settings. */
export function checkSettings(settings: RunSettings): CheckSettings {
  return pick(settings, CHECK_SETTING_KEYS);
}

/** The command settings alone, for the implementer's tool steps. */
export function commandSettings(settings: RunSettings): CommandSettings {
  return pick(settings, COMMAND_SETTING_KEYS);
}

function pick<T, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  // A key the settings lack (mcp in runs without servers) stays absent rather than undefined.
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

/** Where the run works and keeps its journal. */
export interface RunLocation {
  /** Absolute path of the repository root. */
  repo: string;
  /** Plan file relative to the repo root, e.g. `TODO.md`. */
  planRelPath: string;
  /** Design document relative to the repo root, when the plan names one. */
  designRelPath?: string;
  branch: string;
  /** The run's workflow id; also the `Tandem-Run` trailer. */
  runId: string;
  /** Absolute path of the on-disk journal for this run (prompts, transcripts, outputs). */
  journalDir: string;
  /** The branch the user was on when the run started; a run that fails before its first task returns there. */
  startBranch?: string;
  /**
   * Absolute path of the Tandem-owned folder holding this run's worktrees
   * (`<TANDEM_HOME>/workspaces/<run id as a folder name>`); set only when `settings.parallel` is.
   */
  workspaceRoot?: string;
  /**
   * `--remote <name>` (with lanes only): the run branch travels through this git remote, so
   * workers on other machines can serve the run from their own clones. The URL never holds
   * credentials. Absent: the run branch stays in the starting machine's repository.
   */
  remote?: RunRemote;
}

/** The git remote a run's branch travels through (`location.remote`). */
export interface RunRemote {
  /** The remote's name in the starting machine's checkout, e.g. `origin`. */
  name: string;
  /** Its URL, without userinfo (`https://token@host/…` loses the token). */
  url: string;
}

export interface PlanTaskInput {
  id: string;
  title: string;
  details?: string;
  acceptance: string[];
  verify?: string;
  dependsOn: string[];
  files?: string[];
  /** Ids of the design's requirements the task serves (the plan's `Requirements:`); absent in runs started before the field. */
  requirements?: string[];
}

/** One task's child workflow: where, with which settings, from which commit. */
export interface TaskWorkflowInput {
  location: RunLocation;
  settings: RunSettings;
  task: PlanTaskInput;
  /** The commit the task starts from; a rollback returns here. */
  baseSha: string;
  /** What the run had spent before this task, for the run budget. */
  runSpendAtStart: Spend;
  /**
   * Attempts this task already had in earlier rounds (`--parallel`: an approved change that did not
   * integrate onto the moved run branch). Numbering goes on from there, so no journaled model call
   * of an earlier attempt is taken for a new one. Absent: 0.
   */
  priorAttempts?: number;
  /**
   * The task queue of the worker holding the task's worktree (`--parallel`): every activity of
   * the task goes there. Absent: the workflow's own queue (a run in the user's checkout).
   */
  workspaceQueue?: string;
}

export interface Spend {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  costUsd: number;
  /**
   * Some of it was estimated from request and response sizes because a server sent
   * no usage; views show such totals with `~`. Absent (never false) otherwise, so
   * spends recorded before the field existed read the same.
   */
  estimated?: true;
}

export interface TaskOutcome {
  taskId: string;
  /** `cancelled`: stopped from outside (skip, cancel); the worktree is back at the task's base and TODO.md is unchanged. */
  status: 'committed' | 'failed' | 'cancelled';
  sha?: string;
  attempts: number;
  /** One line, for TODO.md and the report. */
  reason?: string;
  spend: Spend;
}

export interface TaskProgress {
  taskId: string;
  state: TaskState;
  attempt: number;
  /** e.g. `implement · step 4 · edit_file src/slug.ts`, `test`, `review`. */
  step: string;
  startedAt?: number;
  spend: Spend;
  pausedReason?: string;
}

export interface TaskStatusRow {
  id: string;
  title: string;
  state: TaskState;
  attempts: number;
  reason?: string;
  sha?: string;
  spend: Spend;
  startedAt?: number;
  finishedAt?: number;
  /** With lanes (`--parallel`): the lane the task runs (or last ran) in, numbered from 1 by the workflow. */
  lane?: number;
}

/**
 * Why a run waits: the user paused it, a budget ran out, its branch moved, a model
 * provider is unreachable, or the only worker serving it has other keys or endpoints.
 */
export type PauseKind = 'user' | 'budget' | 'git' | 'provider' | 'worker';

export interface RunStatus {
  runId: string;
  state: 'preparing' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
  pausedReason?: string;
  /** Set whenever pausedReason is. */
  pauseKind?: PauseKind;
  /** A cancel is recorded but the run has not ended: its running task still has to roll back, which takes a worker. */
  cancelRequested?: boolean;
  currentTaskId?: string;
  tasks: TaskStatusRow[];
  spend: Spend;
  budget: Budget;
  /** Things a person should know that did not stop the run, e.g. a notification that could not be delivered. */
  notes?: string[];
  /** Set while the run waits for a person's `tandem approve` / `tandem reject` (`--approve`). */
  approval?: ApprovalWait;
  /** The converge review of the whole branch, once the plan's tasks are done; absent before and when turned off. */
  converge?: ConvergeProgress;
}

/** Why an attempt ended when the implementer changed no file, even after being told (workflows/implement.ts). */
export const NO_CHANGE_REASON = 'the model changed no file: it answered in words without using the tools, even after being told';

export const ZERO_SPEND: Spend = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0 };

export function addSpend(a: Spend, b: Spend): Spend {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    costUsd: a.costUsd + b.costUsd,
    ...(a.estimated || b.estimated ? { estimated: true as const } : {}),
  };
}

export function spendTokens(spend: Spend): number {
  return spend.inputTokens + spend.outputTokens;
}
