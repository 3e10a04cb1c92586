/**
 * Starts a plan's run workflow the way `tandem run` does (preflight, the same
 * input shape, the same workflow id and journal folder) and waits for it.
 */
import type { Client } from '@temporalio/client';
import { preflight } from '../git/preflight.js';
import { defaultRunBranch, planSlug } from '../git/slug.js';
import { newJournalDir, runWorkflowId } from '../cli/workspace.js';
import type { ResolvedModel } from '../models/types.js';
import type { RunResult, RunWorkflowInput } from '../workflows/run.js';
import type { RunSettings } from '../contracts/run.js';

export const INSTANT: ResolvedModel = { spec: 'scripted:instant', providerName: 'scripted', kind: 'scripted', model: 'instant' };
export const INSTANT_REVIEWER: ResolvedModel = { spec: 'scripted:instant-reviewer', providerName: 'scripted', kind: 'scripted', model: 'instant-reviewer' };

/** tandem.yaml's defaults, with the given models, test command and sandbox. */
export function benchSettings(overrides: Partial<RunSettings> = {}): RunSettings {
  return {
    implementer: INSTANT,
    reviewers: [INSTANT_REVIEWER],
    testCommand: 'true',
    testTimeoutSeconds: 600,
    commandTimeoutSeconds: 300,
    sandbox: 'none',
    envAllow: [],
    reviewPolicy: 'all',
    maxAttempts: 3,
    maxSteps: 40,
    maxTokensPerAttempt: 400_000,
    onFailure: 'stop',
    taskBudget: {},
    runBudget: {},
    heartbeatTimeoutSeconds: 30,
    ...overrides,
  };
}

export interface FinishedRun {
  workflowId: string;
  /** Every execution of the run workflow, first to last (continue-as-new starts a new one). */
  firstRunId: string;
  input: RunWorkflowInput;
  result: RunResult;
  startedAt: number;
  finishedAt: number;
}

/** `where.workspaceRoot`: the run works in worktrees there (`--parallel`), as `tandem run` sets it up. */
export async function runPlan(client: Client, taskQueue: string, repo: string, settings: RunSettings, where: { workspaceRoot?: string } = {}): Promise<FinishedRun> {
  const planRelPath = 'TODO.md';
  const slug = planSlug(planRelPath);
  const branch = defaultRunBranch(slug);
  const workflowId = runWorkflowId(repo, planRelPath);
  await preflight({ repo, planPath: planRelPath, planSlug: slug, branch, runId: workflowId, inWorktrees: where.workspaceRoot !== undefined });
  const input: RunWorkflowInput = {
    location: { repo, planRelPath, branch, runId: workflowId, journalDir: await newJournalDir(workflowId), ...(where.workspaceRoot ? { workspaceRoot: where.workspaceRoot } : {}) },
    settings,
    allowFailingBaseline: false,
  };
  const startedAt = Date.now();
  const handle = await client.workflow.start<(input: RunWorkflowInput) => Promise<RunResult>>('runWorkflow', {
    workflowId,
    taskQueue,
    args: [input],
  });
  const result = await handle.result();
  return { workflowId, firstRunId: handle.firstExecutionRunId, input, result, startedAt, finishedAt: Date.now() };
}
