/**
 * Which of a plan's journaled runs `tandem logs` and `tandem report` mean:
 * the one working on the branch checked out now, or on the branch this plan
 * would run on. Two plans at the same path on different branches share a
 * workflow id, so "the newest" alone could describe the other plan's run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunRecord } from '../../activities/run-setup.js';
import { TandemError } from '../../errors/tandem-error.js';
import { branchSha, currentBranch } from '../../git/refs.js';
import { defaultRunBranch, planSlug } from '../../git/slug.js';
import { parseTodo } from '../../plan/index.js';
import type { RunLocator } from '../run/locate-run.js';

export interface JournaledRun {
  dir: string;
  record?: Pick<RunRecord, 'branch' | 'startedAt'>;
}

/**
 * Picks from `runs` (newest first) the run of the current branch or of the
 * plan as it reads now; when the runs all work on branches that no longer
 * exist, there is nothing to tell them apart by and the newest is taken.
 * Throws JOURNAL_NOT_FOUND listing the runs when each belongs elsewhere.
 */
export async function selectRun(located: RunLocator, runs: JournaledRun[]): Promise<string | undefined> {
  if (runs.length === 0) return undefined;
  const here = await currentBranch({ repo: located.repo });
  const planBranch = await defaultBranchOfPlan(located);
  const ours = runs.find((run) => run.record && (run.record.branch === here || run.record.branch === planBranch));
  if (ours) return ours.dir;
  const elsewhere: JournaledRun[] = [];
  for (const run of runs) {
    if (run.record && (await branchSha({ repo: located.repo, branch: run.record.branch })) !== null) elsewhere.push(run);
  }
  if (elsewhere.length === 0) return runs[0]!.dir;
  const listed = elsewhere.map((run) => `  ${run.record!.branch} (started ${new Date(run.record!.startedAt).toISOString().slice(0, 16).replace('T', ' ')}): ${run.dir}`);
  throw new TandemError(
    `No run of ${located.planRelPath} belongs to this branch (${here ?? 'detached HEAD'})${planBranch ? ` or to its plan's branch ${planBranch}` : ''}. Runs of ${located.planRelPath} in this repository:\n${listed.join('\n')}`,
    {
      code: 'JOURNAL_NOT_FOUND',
      hint: `Switch to the run's branch (\`git switch ${elsewhere[0]!.record!.branch}\`), or pass its folder with --run-dir.`,
      context: { plan: located.planRelPath },
    },
  );
}

/** Reads run.json of each execution folder; one that cannot be read is kept without a record. */
export async function readRunRecords(dirs: string[]): Promise<JournaledRun[]> {
  return Promise.all(
    dirs.map(async (dir) => {
      try {
        return { dir, record: JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as RunRecord };
      } catch {
        return { dir };
      }
    }),
  );
}

/** `tandem/<slug>` of the plan file as it reads on this branch; undefined when it does not parse. */
async function defaultBranchOfPlan(located: RunLocator): Promise<string | undefined> {
  try {
    const doc = parseTodo(await readFile(join(located.repo, located.planRelPath), 'utf8'), { file: located.planRelPath });
    return defaultRunBranch(planSlug(located.planRelPath, doc.title));
  } catch {
    return undefined;
  }
}
