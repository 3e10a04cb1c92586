/**
 * The plan's task list (titles, `[x]`/`[!]`/`[-]` marks, reasons) to put next
 * to the journal. Optional: logs and reports still work when TODO.md is gone
 * or does not parse; they just show ids without titles.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { parseTodo, type TodoTask } from '../../plan/index.js';
import type { RunJournal } from './journal-model.js';

export interface PlanTasks {
  path: string;
  /** The plan's `# Plan:` title; '' when it has none. */
  title: string;
  tasks: TodoTask[];
}

/** Reads `planPath`, or the plan named in run.json; undefined when neither can be read and parsed. */
export async function readPlanTasks(journal: RunJournal, planPath?: string): Promise<PlanTasks | undefined> {
  const run = journal.run;
  const path = planPath ?? (run ? (isAbsolute(run.planRelPath) ? run.planRelPath : join(run.repo, run.planRelPath)) : undefined);
  if (!path) return undefined;
  try {
    const text = await readFile(path, 'utf8');
    const doc = parseTodo(text, { file: run?.planRelPath ?? path });
    return { path, title: doc.title, tasks: doc.tasks };
  } catch {
    // A moved or hand-broken plan must not hide the journal, which is the source of truth here.
    return undefined;
  }
}
