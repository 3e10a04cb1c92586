/**
 * Loads a run's journal folder into the typed model. Reads only: no Temporal
 * server, no keys. A run still in progress (or one that crashed mid-step)
 * gives a model with the parts written so far.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONVERGE_OUTCOME_FILE } from '../../journal/layout.js';
import type { RunJournal } from './journal-model.js';
import { parseJournal, type JournalTexts } from './parse-journal.js';

const TOP_FILES = ['run.json', 'baseline.json', CONVERGE_OUTCOME_FILE];
const ATTEMPT_DIR = /^attempt-(\d+)$/;
/** `converge/round-<n>.json`, not its `.tests.json` companion. */
const CONVERGE_ROUND_FILE = /^round-(\d+)\.json$/;

export async function readJournal(dir: string): Promise<RunJournal> {
  return parseJournal(await readJournalTexts(dir));
}

export async function readJournalTexts(dir: string): Promise<JournalTexts> {
  const top: Record<string, string> = {};
  for (const name of TOP_FILES) {
    const text = await readIfExists(join(dir, name));
    if (text !== undefined) top[name] = text;
  }
  const tasks: JournalTexts['tasks'] = {};
  for (const taskId of await subdirs(join(dir, 'tasks'))) {
    const attempts: JournalTexts['tasks'][string] = {};
    for (const name of await subdirs(join(dir, 'tasks', taskId))) {
      const attempt = ATTEMPT_DIR.exec(name)?.[1];
      if (attempt === undefined) continue;
      attempts[Number(attempt)] = await readAttemptFiles(join(dir, 'tasks', taskId, name));
    }
    tasks[taskId] = attempts;
  }
  const converge: Record<number, string> = {};
  for (const name of await files(join(dir, 'converge'))) {
    const round = CONVERGE_ROUND_FILE.exec(name)?.[1];
    const text = round === undefined ? undefined : await readIfExists(join(dir, 'converge', name));
    if (round !== undefined && text !== undefined) converge[Number(round)] = text;
  }
  return { dir, top, tasks, converge };
}

async function readAttemptFiles(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    // `*.tmp` are writes cut short by a crash; `*.pre.json` are worktree snapshot markers and `*.plan.json` the plan
    // before a tool ran (for restoring it); the diff can be large and is not shown.
    const internal = entry.name.endsWith('.pre.json') || entry.name.endsWith('.plan.json');
    if (!entry.isFile() || entry.name.endsWith('.tmp') || internal || entry.name === 'diff.patch') continue;
    const text = await readIfExists(join(dir, entry.name));
    if (text !== undefined) files[entry.name] = text;
  }
  return files;
}

async function subdirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function files(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    // A file removed between listing and reading (a rename in flight) is simply not there yet.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
