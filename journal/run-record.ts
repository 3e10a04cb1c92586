/** `run.json`, written once when a run starts: what the report, logs and trace read about the run as a whole. */
import { join } from 'node:path';
import { readTextIfExists, writeJsonAtomic } from './files.js';
import type { RunLocation, RunSettings } from '../contracts/run.js';

/** `run.json`: what `tandem report` and `tandem logs` need to know about the run as a whole. */
export interface RunRecord {
  runId: string;
  repo: string;
  planRelPath: string;
  designRelPath?: string;
  branch: string;
  /** The branch the user was on when the run started: a pull request's base (`tandem pr`). Absent in older journals. */
  startBranch?: string;
  implementer: string;
  reviewers: string[];
  testCommand?: string;
  /** True when the built-in scripted demo model stands in for real ones. */
  demo: boolean;
  startedAt: number;
  /** Each role's endpoint and key fingerprint as recorded at the start; absent in runs started before. */
  endpoints?: RunSettings['endpoints'];
  /** `--parallel N`: at most this many tasks at once, each in a worktree; absent for a single lane in the checkout (and in older journals). */
  parallel?: number;
}

export async function writeRunRecord(location: RunLocation, settings: RunSettings): Promise<void> {
  const path = join(location.journalDir, 'run.json');
  if (await readTextIfExists(path)) return;
  const record: RunRecord = {
    runId: location.runId,
    repo: location.repo,
    planRelPath: location.planRelPath,
    ...(location.designRelPath ? { designRelPath: location.designRelPath } : {}),
    branch: location.branch,
    ...(location.startBranch ? { startBranch: location.startBranch } : {}),
    implementer: settings.implementer.spec,
    reviewers: settings.reviewers.map((reviewer) => reviewer.spec),
    ...(settings.testCommand ? { testCommand: settings.testCommand } : {}),
    demo: [settings.implementer, ...settings.reviewers].some((model) => model.kind === 'scripted'),
    startedAt: Date.now(),
    ...(settings.endpoints ? { endpoints: settings.endpoints } : {}),
    ...(settings.parallel !== undefined ? { parallel: settings.parallel } : {}),
  };
  await writeJsonAtomic(path, record);
}

