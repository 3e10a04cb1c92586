/**
 * What planning cost. `tandem plan` journals each draft and each plan review
 * (with its spend) under the plan workflow's own journal; the run records the
 * design its plan came from, which names that workflow. The execution used is
 * the newest one that finished before the run started: the plan this run ran.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunRecord } from '../../activities/run-setup.js';
import { addSpend, ZERO_SPEND, type Spend } from '../../contracts/run.js';
import { journalRootFor, planWorkflowId } from '../workspace.js';

export interface PlanningSpend {
  spend: Spend;
  /** Drafts, fixes and reviews: one model call each. */
  calls: number;
  /** The plan execution's journal folder. */
  dir: string;
}

interface PlanCallRecord {
  spend?: Spend;
  finishedAt?: number;
}

/** undefined when the plan was written by hand (no design recorded) or its journal is gone. */
export async function readPlanningSpend(run: RunRecord | undefined, env: NodeJS.ProcessEnv = process.env): Promise<PlanningSpend | undefined> {
  if (!run?.designRelPath) return undefined;
  const root = journalRootFor(planWorkflowId(run.repo, run.designRelPath), env);
  // Folders are named by start time, so the newest sorts last.
  for (const name of (await listDirs(root)).sort().reverse()) {
    const records = await planCalls(join(root, name));
    if (records.length === 0) continue;
    const finished = Math.max(...records.map((r) => r.finishedAt ?? 0));
    if (finished > run.startedAt) continue; // planned again after this run began: not this run's plan
    return { spend: records.reduce((sum, r) => addSpend(sum, r.spend ?? ZERO_SPEND), ZERO_SPEND), calls: records.length, dir: join(root, name) };
  }
  return undefined;
}

async function planCalls(execution: string): Promise<PlanCallRecord[]> {
  const dir = join(execution, 'plan');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /^round-\d+(-fix-\d+\.draft|\.review)\.json$/.test(name));
  } catch {
    return [];
  }
  const records: PlanCallRecord[] = [];
  for (const name of names) {
    try {
      records.push(JSON.parse(await readFile(join(dir, name), 'utf8')) as PlanCallRecord);
    } catch {
      // A file cut short by a crash has no spend to count; the report still stands.
    }
  }
  return records;
}

async function listDirs(root: string): Promise<string[]> {
  try {
    return (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}
