/**
 * The pieces of the upgrade tests: "the next Tandem version" (a new step
 * before the review in the task workflow, guarded by patched() or not), and a
 * run of the current version stopped while T1's review is in flight, so that
 * T1's history already holds the review the new step now comes before.
 */
import type { ScriptFn } from '../fakes/index.js';
import { bundleChangedWorkflows, type SourceEdit } from '../support/changed-bundle.js';
import { startCli, type CliResult } from '../support/cli.js';
import { readConversation } from '../support/conversation.js';
import { APPROVE, implementerScript } from '../support/scripted-agents.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekPlanBefore, greekRepo, startFakes, type Fakes } from '../run/fixtures.js';

export const PATCH_ID = 'check-branch-before-review';

const TWO_TASKS = greekPlanBefore('T3');

const FILES: Record<string, { path: string; content: string }> = {
  T1: { path: 'a.txt', content: 'alpha\n' },
  T2: { path: 'b.txt', content: 'beta\n' },
};

/** The next version: the task workflow checks the branch before asking the reviewers (a new activity, so a new command). */
export function bundleNextVersion(guarded: boolean): Promise<string> {
  const step = 'await proxyActivities<typeof setupActivities>(bookkeepingOptions(settings)).checkBranch({ location: input.location, expectedHead: input.baseSha });';
  const edits: SourceEdit[] = [
    {
      file: 'workflows/task.ts',
      anchor: "import type * as checkActivities from '../activities/checks.js';\n",
      replacement:
        "import { patched } from '@temporalio/workflow';\nimport type * as setupActivities from '../activities/run-setup.js';\nimport { bookkeepingOptions } from './activity-profiles.js';\nimport type * as checkActivities from '../activities/checks.js';\n",
    },
    {
      file: 'workflows/task.ts',
      anchor: "      progress.show('review');\n",
      replacement: guarded
        ? `      progress.show('review');\n      if (patched('${PATCH_ID}')) {\n        ${step}\n      }\n`
        : `      progress.show('review');\n      ${step}\n`,
    },
  ];
  return bundleChangedWorkflows(edits);
}

/** Another next version: the run workflow checks the branch again before each task, unguarded. */
export function bundleUnguardedRunChange(): Promise<string> {
  return bundleChangedWorkflows([
    {
      file: 'workflows/run.ts',
      anchor: '    await runTask(plan.find((task) => task.id === taskId)!);\n',
      replacement: '    await setup.checkBranch({ location, expectedHead: state.expectedHead });\n    await runTask(plan.find((task) => task.id === taskId)!);\n',
    },
  ]);
}

export interface StoppedRun {
  repo: TestRepo;
  fakes: Fakes;
  args: string[];
  /** The killed `tandem run` of the current version. */
  first: CliResult;
}

/** Starts `tandem run` with the current version and SIGKILLs it while T1's first review call is held. */
export async function runStoppedAtFirstReview(taskQueue: string): Promise<StoppedRun> {
  const repo = await greekRepo({ plan: TWO_TASKS });
  let heldOne = false;
  let reviewHeld = () => {};
  const arrived = new Promise<void>((resolve) => (reviewHeld = resolve));
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const reviewer: ScriptFn = async (request) => {
    const conversation = readConversation(request);
    if (conversation.structured !== 'review_verdict') return undefined;
    if (conversation.taskId === 'T1' && !heldOne) {
      heldOne = true;
      reviewHeld();
      await released; // answered only once the worker that asked is gone
    }
    return { json: APPROVE };
  };
  const fakes = await startFakes(implementerScript((taskId) => [FILES[taskId]!]), reviewer);
  // In the checkout: the unguarded run change above is on the checkout lane's path (runTask).
  const args = ['run', 'TODO.md', '--in-checkout', '--task-queue', taskQueue];
  const running = startCli(args, { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
  await Promise.race([arrived, running.result.then((r) => Promise.reject(new Error(`tandem run ended before T1's review: ${r.stdout}${r.stderr}`)))]);
  running.killHard();
  const first = await running.result;
  release();
  return { repo, fakes, args, first };
}

/** The commits the run made on its branch, newest first. */
export async function runCommits(repo: TestRepo): Promise<string[]> {
  return (await repo.git('log', '--format=%s', 'main..tandem/greek-letters')).split('\n');
}
