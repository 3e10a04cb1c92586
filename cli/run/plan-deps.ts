/**
 * The plan's dependencies and `Files:` hints, for what the waiting tasks of a
 * run with lanes wait for. Read from the plan file in the checkout (a run with
 * lanes never writes there); optional: without it the waits are just not shown.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseTodo } from '../../plan/index.js';
import type { PlanDeps } from './lanes-lines.js';

export function planDeps(tasks: readonly PlanDeps[]): PlanDeps[] {
  return tasks.map((task) => ({ id: task.id, dependsOn: task.dependsOn, ...(task.files ? { files: task.files } : {}) }));
}

export async function readPlanDeps(repo: string, planRelPath: string): Promise<PlanDeps[] | undefined> {
  try {
    return planDeps(parseTodo(await readFile(join(repo, planRelPath), 'utf8'), { file: planRelPath }).tasks);
  } catch {
    // A plan moved or mid-edit must not break `tandem status`; the waits are a convenience.
    return undefined;
  }
}
