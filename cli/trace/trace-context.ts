/**
 * Where `tandem trace` looks: the repository, the plan, and the branch whose
 * history answers (`--branch`, else the branch the plan's run worked on).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TandemError } from '../../errors/tandem-error.js';
import { branchSha, currentBranch, resolveCommit } from '../../git/refs.js';
import { defaultRunBranch, planSlug } from '../../git/slug.js';
import { parseTodo } from '../../plan/index.js';
import type { RunJournal } from '../journal/journal-model.js';
import { gitRoot, relativeInside, runWorkflowId } from '../workspace.js';
import { journaledBranch } from './run-journals.js';

export interface TraceFlags {
  branch?: string;
  plan?: string;
  json?: boolean;
}

export interface TraceContext {
  repo: string;
  /** Where relative file arguments start from. */
  cwd: string;
  planRelPath: string;
  /** The plan's run workflow id (and journal root name). */
  planRunId: string;
  /** What the user sees, e.g. `tandem/greek-letters`, or `HEAD`. */
  branch: string;
  /** What git is given: `refs/heads/<branch>` or `HEAD`. */
  rev: string;
  env: NodeJS.ProcessEnv;
  /** Journals read so far, by folder: tracing a file or a requirement visits the same run for many commits. */
  journals: Map<string, Promise<RunJournal>>;
}

export async function traceContext(flags: TraceFlags, cwd: string, env: NodeJS.ProcessEnv): Promise<TraceContext> {
  const repo = await gitRoot(flags.plan ? resolve(cwd, flags.plan) : cwd);
  if (!repo) {
    throw new TandemError(`${flags.plan ?? cwd} is not inside a git repository, so there is nothing to trace.`, {
      code: 'GIT_NOT_A_REPO',
      hint: 'Run `tandem trace` inside the repository a Tandem run worked on.',
    });
  }
  const planRelPath = flags.plan ? relativeInside(repo, resolve(cwd, flags.plan), 'plan file') : 'TODO.md';
  const planRunId = runWorkflowId(repo, planRelPath);
  const base = { repo, cwd, planRelPath, planRunId, env, journals: new Map<string, Promise<RunJournal>>() };
  if (flags.branch !== undefined) {
    if ((await branchSha({ repo, branch: flags.branch })) === null) {
      throw new TandemError(`There is no branch ${flags.branch} in ${repo}.`, {
        code: 'TRACE_BRANCH_NOT_FOUND',
        hint: 'Pass the run branch, e.g. `--branch tandem/my-plan` (see `git branch --list "tandem/*"`).',
        context: { branch: flags.branch },
      });
    }
    return { ...base, branch: flags.branch, rev: `refs/heads/${flags.branch}` };
  }
  for (const branch of [await journaledBranch(planRunId, env), await slugBranch(repo, planRelPath)]) {
    if (branch && (await branchSha({ repo, branch })) !== null) return { ...base, branch, rev: `refs/heads/${branch}` };
  }
  // No run of this plan here: the checked-out history still answers for commits made by any run.
  const current = await currentBranch({ repo });
  const rev = current ? `refs/heads/${current}` : 'HEAD';
  if ((await resolveCommit({ repo, rev })) === null) {
    throw new TandemError(`${current ? `The branch ${current}` : 'HEAD'} in ${repo} has no commits yet, so there is nothing to trace.`, {
      code: 'GIT_NO_COMMITS',
      hint: 'Run `tandem trace` in the repository a Tandem run worked on, or pass its run branch with --branch.',
      context: { repo, branch: current ?? 'HEAD' },
    });
  }
  return { ...base, branch: current ?? 'HEAD', rev };
}

/** The branch a run of this plan gets unless `--branch` was given: from the plan's title. */
async function slugBranch(repo: string, planRelPath: string): Promise<string | undefined> {
  const path = join(repo, planRelPath);
  if (!existsSync(path)) return undefined;
  try {
    return defaultRunBranch(planSlug(planRelPath, parseTodo(await readFile(path, 'utf8'), { file: planRelPath }).title || undefined));
  } catch {
    return defaultRunBranch(planSlug(planRelPath));
  }
}
