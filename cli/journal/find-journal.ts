/**
 * Which journal folder `tandem logs` and `tandem report` read: the newest
 * execution of the plan's run on this branch (select-run.ts), or the folder
 * given with `--run-dir`.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TandemError } from '../../errors/tandem-error.js';
import { locateRun, type RunLocator } from '../run/locate-run.js';
import { directoryProblem, journalRootFor } from '../workspace.js';
import { readRunRecords, selectRun } from './select-run.js';

export interface FindJournalOptions {
  /** The plan file (default: TODO.md at the repository root). */
  plan?: string;
  /** An execution folder, or a run's journal root holding several; wins over `plan`. */
  runDir?: string;
  /** The command (with its arguments before the plan) for hints, e.g. `logs T3`; default `status`. */
  command?: string;
}

export interface FoundJournal {
  dir: string;
  /** Set when the folder was found from the plan file. */
  located?: RunLocator;
}

export async function findJournal(options: FindJournalOptions, env: NodeJS.ProcessEnv = process.env): Promise<FoundJournal> {
  if (options.runDir) {
    const dir = resolve(options.runDir);
    // A file is named as such: readdir's ENOTDIR would print as an unexpected error.
    const problem = directoryProblem(dir);
    if (problem !== undefined) {
      throw new TandemError(`The run directory ${options.runDir} ${problem}.`, {
        code: 'JOURNAL_NOT_FOUND',
        hint: 'Pass a folder under $TANDEM_HOME/journal/ (or ~/.tandem/journal/), or leave out --run-dir to use the plan\'s newest run.',
      });
    }
    if (isExecution(dir)) return { dir };
    const newest = await newestExecution(dir);
    if (newest) return { dir: newest };
    throw new TandemError(`${options.runDir} holds no run journal (no run.json, no tasks/).`, {
      code: 'JOURNAL_NOT_FOUND',
      hint: 'Point --run-dir at a run execution folder such as ~/.tandem/journal/<run>/<timestamp>-<id>/.',
    });
  }
  const located = await locateRun(options.plan, options.command);
  const root = journalRootFor(located.workflowId, env);
  const dir = await selectRun(located, await readRunRecords(await executions(root)));
  if (!dir) {
    throw new TandemError(`No run of ${located.planRelPath} has been journaled yet (looked in ${root}).`, {
      code: 'JOURNAL_NOT_FOUND',
      hint: `Start one with \`tandem run ${located.planRelPath}\`, or pass --run-dir if the journal lives elsewhere (check TANDEM_HOME).`,
      context: { plan: located.planRelPath, journal: root },
    });
  }
  return { dir, located };
}

function isExecution(dir: string): boolean {
  return existsSync(join(dir, 'run.json')) || existsSync(join(dir, 'tasks'));
}

/** Execution folders are named `<ISO timestamp>-<random>`, so the newest sorts last; empty ones (a start that failed) are passed over. */
async function newestExecution(root: string): Promise<string | undefined> {
  return (await executions(root))[0];
}

/** The execution folders under a run's journal root, newest first. */
export async function executions(root: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .sort()
    .reverse()
    .map((name) => join(root, name))
    .filter(isExecution);
}
