/**
 * Model and tool time of a task, from the journal Tandem writes anyway: every
 * model step, review and tool call records when it started and finished.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { taskDir } from '../journal/layout.js';
import type { Span } from './stats.js';

export interface TaskSpans {
  model: Span[];
  tool: Span[];
}

export async function taskSpans(journalDir: string, taskId: string): Promise<TaskSpans> {
  const spans: TaskSpans = { model: [], tool: [] };
  const dir = taskDir(journalDir, taskId);
  for (const attempt of await readdir(dir)) {
    for (const name of await readdir(join(dir, attempt))) {
      const kind = /\.model\.json$|^review-\d+\.json$/.test(name) ? 'model' : /\.tool-\d+\.json$/.test(name) ? 'tool' : undefined;
      if (!kind) continue;
      const record = JSON.parse(await readFile(join(dir, attempt, name), 'utf8')) as { startedAt: number; finishedAt: number };
      spans[kind].push({ start: record.startedAt, end: record.finishedAt });
    }
  }
  return spans;
}
