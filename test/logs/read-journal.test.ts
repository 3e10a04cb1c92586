import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { attemptFiles } from '../../journal/layout.js';
import { readJournal } from '../../cli/journal/read-journal.js';
import { formatTaskLog } from '../../cli/logs/format-task.js';
import { buildReportModel } from '../../cli/report/report-model.js';
import { renderTimelineSvg } from '../../cli/report/timeline-svg.js';
import { JournalFixture } from '../support/journal-fixture.js';

const colors = pc.createColors(false);

/** A run that crashed in T1's second step: the model answered, its tool call never ran. */
async function crashedRun(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-journal-'));
  const j = new JournalFixture(dir, Date.UTC(2025, 1, 1, 9, 0, 0));
  await j.run({ runId: 'r', repo: dir, planRelPath: 'TODO.md', branch: 'tandem/todo', implementer: 'openai:gpt-5-mini', reviewers: ['anthropic:claude-sonnet-5-5'], demo: false });
  const a = await j.attempt('T1', 1).prompt('T1');
  await a.step({ calls: [{ name: 'read_file', args: { path: 'a.ts' }, content: 'x' }] });
  await a.step({ calls: [{ name: 'write_file', args: { path: 'a.ts', content: 'y' }, content: '' }], crashBeforeTools: true });
  // A write cut short by the crash, and a file damaged by hand: neither may break the reader.
  await writeFile(`${attemptFiles(dir, 'T1', 1).checks}.1234.tmp`, '{"startedAt": 1');
  await writeFile(attemptFiles(dir, 'T1', 1).review(0), '{ not json');
  return dir;
}

describe('reading a partial journal', () => {
  it('keeps what was written, marks what is missing, and reports damaged files', async () => {
    const journal = await readJournal(await crashedRun());
    const task = journal.tasks[0]!;
    expect(task.attempts[0]!.steps).toHaveLength(2);
    expect(task.attempts[0]!.steps[1]!.toolCalls[0]!.result).toBeUndefined();
    expect(task.attempts[0]!.checks).toBeUndefined();
    expect(task.decision).toBeUndefined();
    expect(journal.problems).toEqual([expect.stringMatching(/^tasks\/T1\/attempt-1\/review-0\.json: /)]);

    const log = formatTaskLog(journal, { taskId: 'T1', full: false, colors });
    expect(log).toContain('in progress or interrupted · 1 attempt');
    expect(log).toContain('→ write_file a.ts');
    expect(log).toContain('(no result recorded: the turn ended earlier, or the run stopped here)');
    expect(log).toContain('decision · none yet');
    expect(log).toContain('unreadable journal file: tasks/T1/attempt-1/review-0.json');
  });

  it('reports the task as in progress and still draws its implement segment', async () => {
    const model = buildReportModel({ journal: await readJournal(await crashedRun()) });
    expect(model.tasks.map((t) => [t.id, t.state])).toEqual([['T1', 'in progress']]);
    const svg = renderTimelineSvg(model);
    expect(svg).toContain('class="seg seg-implement"');
    expect(svg).not.toContain('seg-test');
  });

  it('an empty journal folder is an empty run, and its timeline says so', async () => {
    const journal = await readJournal(await mkdtemp(join(tmpdir(), 'tandem-journal-')));
    expect(journal.tasks).toEqual([]);
    expect(renderTimelineSvg(buildReportModel({ journal }))).toContain('No timed steps journaled yet.');
  });
});
