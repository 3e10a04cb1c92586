/**
 * `--parallel <n>` over tandem.yaml's `run.parallel`: how many lanes (tasks at
 * once, each in a worktree of its own) a run gets. Absent means the single
 * lane in the user's checkout that runs had before lanes existed.
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
}

/**
 * The run's lanes: the flag wins over the file. A bad value, or lanes with
 * `--approve each` (one wait per commit needs one lane), is a usage error,
 * so the CLI can call this before any server starts.
 */
export function parallelSetting(
  file: { parallel?: number; approve?: ApprovalGate[]; approveRemind?: string },
  flags: ParallelFlags,
): Pick<RunSettings, 'parallel'> {
  const parallel = flags.parallel !== undefined ? parallelFlag(flags.parallel) : file.parallel;
  if (parallel === undefined) return {};
  if (approvalSettings(file, flags).approve?.includes('each')) {
    throw new TandemError(`--approve each cannot be combined with --parallel ${parallel} (run.parallel) yet.`, {
      code: 'USAGE',
      hint: '--approve each needs one lane; drop --parallel or use --approve final',
    });
  }
  return { parallel };
}

/** `--parallel`: a whole number from 1 to MAX_PARALLEL, or a usage error naming the flag. */
export function parallelFlag(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < 1 || number > MAX_PARALLEL) {
    throw new TandemError(`--parallel must be a whole number from 1 to ${MAX_PARALLEL}, got "${value}".`, {
      code: 'USAGE',
      hint: `e.g. --parallel 4 (up to four tasks at once, each in its own git worktree); leave it out to run one task at a time in your checkout`,
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
    hint: `The open run works in this checkout: end it with \`tandem cancel${plan} --wait\` (its running task is rolled back here), switch to another branch, then run \`tandem run${plan} --parallel ${input.parallel}\`.`,
  });
}
