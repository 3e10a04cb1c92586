/**
 * `--parallel <n>` over tandem.yaml's `run.parallel`: how many lanes (tasks at
 * once, each in a worktree of its own) a run gets. A new run gets one lane in
 * a worktree unless told otherwise, so the user's checkout is never touched.
 * Absent lanes mean the single lane in the user's checkout that runs had
 * before lanes existed, asked for with `--in-checkout` (`run.workspace:
 * checkout`).
 */
import type { ApprovalGate } from '../../contracts/approval.js';
import type { RunSettings } from '../../contracts/run.js';
import { TandemError } from '../../errors/tandem-error.js';
import { assertNotOnRunBranch } from '../../git/preflight.js';
import { currentBranch } from '../../git/refs.js';
import { approvalSettings, type ApprovalFlags } from './approval-settings.js';

/** More lanes than this is a typo, not a plan: each lane holds a worktree and a model session. */
export const MAX_PARALLEL = 16;

export interface ParallelFlags extends ApprovalFlags {
  /** `--parallel <n>`, as typed. */
  parallel?: string;
  /** `--in-checkout`: one task at a time in the user's checkout, on the run branch. */
  inCheckout?: boolean;
}

/** tandem.yaml's `run` section, as far as lanes go. */
export interface ParallelFile {
  parallel?: number;
  workspace?: 'worktree' | 'checkout';
  approve?: ApprovalGate[];
  approveRemind?: string;
}

/**
 * The run's lanes: the flag wins over the file, and a new run gets one lane in
 * a worktree when neither says. A bad value, `--in-checkout` with lanes, or
 * more than one lane with `--approve each` (the run waits for one task's
 * approval at a time) is a usage error, so the CLI can call this before any
 * server starts.
 */
export function parallelSetting(file: ParallelFile, flags: ParallelFlags): Pick<RunSettings, 'parallel'> {
  const flagged = flags.parallel !== undefined ? parallelFlag(flags.parallel) : undefined;
  if (flags.inCheckout === true && flagged !== undefined) {
    throw new TandemError(`--in-checkout cannot be combined with --parallel ${flagged}: lanes work in worktrees, never in your checkout.`, {
      code: 'USAGE',
      hint: 'Drop one of them: --parallel N for lanes in worktrees, --in-checkout for one task at a time on the run branch in your checkout.',
    });
  }
  if (flags.inCheckout === true) return {};
  if (flagged === undefined && file.workspace === 'checkout' && file.parallel !== undefined) {
    throw new TandemError(`tandem.yaml says both run.workspace: checkout and run.parallel: ${file.parallel}: lanes work in worktrees, never in your checkout.`, {
      code: 'USAGE',
      hint: 'Keep one of them in tandem.yaml (or pass --parallel N, which wins over both).',
    });
  }
  const asked = flagged ?? (file.workspace === 'checkout' ? undefined : file.parallel);
  const eachGate = approvalSettings(file, flags).approve?.includes('each') === true;
  if (asked !== undefined && asked > 1 && eachGate) {
    throw new TandemError(`--approve each cannot be combined with --parallel ${asked} (run.parallel) yet.`, {
      code: 'USAGE',
      hint: '--approve each waits for one task at a time: drop --parallel (one lane is the default), or use --approve final',
    });
  }
  if (asked !== undefined) return { parallel: asked };
  return file.workspace === 'checkout' ? {} : { parallel: 1 };
}

/** `--parallel`: a whole number from 1 to MAX_PARALLEL, or a usage error naming the flag. */
export function parallelFlag(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < 1 || number > MAX_PARALLEL) {
    throw new TandemError(`--parallel must be a whole number from 1 to ${MAX_PARALLEL}, got "${value}".`, {
      code: 'USAGE',
      hint: `e.g. --parallel 4 (up to four tasks at once, each in its own git worktree); leave it out for one task at a time in a worktree, or use --in-checkout to work in your checkout`,
    });
  }
  return number;
}

/**
 * `--restart` into lanes while the open run (a single lane) has this checkout on
 * the run branch: refused before the open run is cancelled. Switching branches
 * first would not do, since the open run's rollback works in this checkout:
 * the way is to end it, then switch, then start with lanes.
 */
export async function assertLanesCanReplace(input: { repo: string; branch: string; planArg: string; parallel: number }): Promise<void> {
  const plan = input.planArg === 'TODO.md' ? '' : ` ${input.planArg}`;
  assertNotOnRunBranch({
    root: input.repo,
    current: await currentBranch({ repo: input.repo }),
    runBranch: input.branch,
    hint: `The open run works in this checkout: end it with \`tandem cancel${plan} --wait\` (its running task is rolled back here), switch to another branch, then run \`tandem run${plan}${input.parallel === 1 ? '' : ` --parallel ${input.parallel}`}\`.`,
  });
}
