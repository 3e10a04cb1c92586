/** Finds the run workflow of a plan file, for commands that act on a run (status, pause, skip, logs…). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TandemError } from '../../errors/tandem-error.js';
import { gitRoot, relativeInside, runWorkflowId } from '../workspace.js';

export interface RunLocator {
  repo: string;
  planRelPath: string;
  workflowId: string;
}

/** `command` names the command the user typed, so the hints show that command with a plan path (`tandem logs T3 plans/TODO.md`). */
export async function locateRun(planArg: string | undefined, command = 'status'): Promise<RunLocator> {
  const start = resolve(planArg ?? '.');
  const repo = await gitRoot(start);
  if (!repo) {
    throw new TandemError(`${planArg ?? 'this directory'} is not inside a git repository, so it has no Tandem run.`, {
      code: 'GIT_NOT_A_REPO',
      hint: `Run the command inside the repository, or pass the plan file: \`tandem ${command} path/to/TODO.md\`.`,
    });
  }
  const planPath = planArg ? start : join(repo, 'TODO.md');
  if (!existsSync(planPath)) {
    throw new TandemError(`Plan file ${planArg ?? planPath} does not exist.`, {
      code: 'PLAN_NOT_FOUND',
      hint: `Pass the plan file the run was started with, e.g. \`tandem ${command} plans/TODO.md\`.`,
    });
  }
  const planRelPath = relativeInside(repo, planPath, 'plan file');
  return { repo, planRelPath, workflowId: runWorkflowId(repo, planRelPath) };
}
