/**
 * The integration re-tests of a run with lanes, as activities/integrate.ts
 * journals them at `tasks/<id>/integration-<attempt>.json`: written when an
 * approved change was cherry-picked onto a moved head and tested again there
 * (a fast-forward runs no tests and writes none). Read-only and forgiving, like
 * the rest of the journal: a file that does not parse is a problem, not a failure.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandRecord } from '../../journal/records.js';

const INTEGRATION_FILE = /^integration-(\d+)\.json$/;

export interface IntegrationEntry {
  /** The task's attempt whose approved commit was integrated. */
  attempt: number;
  /** When the last check ended. */
  at: number;
  /** The checks run on the combined tree, in order; the first failing one ends them. */
  commands: CommandRecord[];
}

export interface IntegrationRecords {
  /** Task id → its integration re-tests, by attempt. */
  byTask: Record<string, IntegrationEntry[]>;
  problems: string[];
}

export async function readIntegrationRecords(journalDir: string): Promise<IntegrationRecords> {
  const byTask: Record<string, IntegrationEntry[]> = {};
  const problems: string[] = [];
  for (const taskId of await entries(join(journalDir, 'tasks'))) {
    const names = (await entries(join(journalDir, 'tasks', taskId))).filter((name) => INTEGRATION_FILE.test(name));
    for (const name of names) {
      try {
        const record = JSON.parse(await readFile(join(journalDir, 'tasks', taskId, name), 'utf8')) as Partial<IntegrationEntry>;
        if (typeof record.at !== 'number' || !Array.isArray(record.commands)) throw new Error('no `at` or `commands`');
        (byTask[taskId] ??= []).push({ attempt: Number(INTEGRATION_FILE.exec(name)![1]), at: record.at, commands: record.commands });
      } catch (error) {
        problems.push(`tasks/${taskId}/${name}: ${(error as Error).message}`);
      }
    }
    byTask[taskId]?.sort((a, b) => a.attempt - b.attempt);
  }
  return { byTask, problems };
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
}
