/**
 * The report of a run with lanes, from a journal built in memory: three lanes,
 * one change sent back by a conflict, integrations with and without a re-test.
 */
import { describe, expect, it } from 'vitest';
import { ZERO_SPEND } from '../../contracts/run.js';
import type { AttemptEntry, RunJournal, TaskEntry } from '../../cli/journal/journal-model.js';
import type { IntegrationEntry } from '../../cli/journal/integration-records.js';
import type { RunRecord } from '../../activities/run-setup.js';
import { buildReportModel } from '../../cli/report/report-model.js';
import { renderTimelineSvg } from '../../cli/report/timeline-svg.js';
import { renderMarkdown } from '../../cli/report/render-markdown.js';
import { renderHtml } from '../../cli/report/render-html.js';
import { readJournal } from '../../cli/journal/read-journal.js';
import { createSampleRun } from '../support/sample-journal.js';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const s = (seconds: number) => T0 + seconds * 1000;

function attempt(taskId: string, n: number, from: number, to: number, feedback?: string): AttemptEntry {
  const span = { startedAt: s(from), finishedAt: s(to) };
  return {
    taskId,
    attempt: n,
    promptAt: span.startedAt,
    steps: [],
    reviews: [],
    phases: { implement: span },
    spend: ZERO_SPEND,
    span,
    decision: { decision: 'commit', reason: 'approved', sha: `${taskId}${n}`.padEnd(40, '0'), at: span.finishedAt },
    ...(feedback ? { feedback } : {}),
  };
}

function task(id: string, attempts: AttemptEntry[]): TaskEntry {
  return { id, attempts, spend: ZERO_SPEND, span: { startedAt: attempts[0]!.span!.startedAt, finishedAt: attempts.at(-1)!.span!.finishedAt }, decision: attempts.at(-1)!.decision! };
}

const RUN = { runId: 'tandem/run/app@abc/TODO.md', repo: '/nowhere', planRelPath: 'TODO.md', branch: 'tandem/app', implementer: 'openai:gpt-5-mini', reviewers: ['anthropic:claude-haiku-4-5'], demo: false, startedAt: T0, parallel: 3 } satisfies RunRecord;
const CONFLICT = 'Your change was approved, but it does not apply on top of what other tasks committed to the run branch meanwhile: git reports a conflict in shared.txt.\n\nThis attempt starts from the new head.';

/** T1, T2 and T3 start together; T4 takes T2's lane once T2 is done; T3's first approved change conflicts and goes again. */
const JOURNAL: RunJournal = {
  dir: '/journal',
  run: RUN,
  tasks: [
    task('T1', [attempt('T1', 1, 0, 10)]),
    task('T2', [attempt('T2', 1, 1, 8)]),
    task('T3', [attempt('T3', 1, 2, 9, CONFLICT), attempt('T3', 2, 14, 20)]),
    task('T4', [attempt('T4', 1, 9, 12)]),
  ],
  problems: [],
};
const check = (ms: number): IntegrationEntry['commands'][number] => ({ name: 'test', command: 'npm test', exitCode: 0, timedOut: false, durationMs: ms, output: '', outputTruncated: false });
const INTEGRATIONS: Record<string, IntegrationEntry[]> = {
  T1: [{ attempt: 1, at: s(13), commands: [check(2000)] }],
  T3: [{ attempt: 2, at: s(22), commands: [check(1000)] }],
};

const model = () => buildReportModel({ journal: JOURNAL, integrations: INTEGRATIONS });

describe('the report of a run with lanes', () => {
  it('puts tasks that ran at the same time in different lanes, and a later task in a lane freed before it started', () => {
    const { tasks, lanes } = model();
    const lane = Object.fromEntries(tasks.map((t) => [t.id, t.lane]));
    expect(lanes?.count).toBe(3);
    expect(new Set([lane.T1, lane.T2, lane.T3]).size).toBe(3);
    expect(lane.T4).toBe(lane.T2);
    // A task holds its lane until its integration's re-test ended, not just its last decision.
    expect(lanes?.spans.T1).toEqual({ startedAt: s(0), finishedAt: s(13) });
    expect(lanes?.wallMs).toBe(22_000);
    expect(lanes?.taskMs).toBe((13 + 7 + 20 + 3) * 1000);
  });

  it('tells how each approved attempt reached the branch: waited and re-tested, fast-forwarded, or sent back with the reason', () => {
    const byId = Object.fromEntries(model().tasks.map((t) => [t.id, t]));
    expect(byId.T1!.integrations).toEqual([{ attempt: 1, approvedAt: s(10), outcome: 'landed', retest: { startedAt: s(11), finishedAt: s(13), passed: true, command: 'npm test' } }]);
    expect(byId.T2!.integrations).toEqual([{ attempt: 1, approvedAt: s(8), outcome: 'landed' }]);
    expect(byId.T3!.integrations?.map((i) => [i.attempt, i.outcome, i.reason])).toEqual([
      [1, 'refused', 'conflict in shared.txt'],
      [2, 'landed', undefined],
    ]);
    expect(byId.T3!.integrations?.[0]?.nextAttemptAt).toBe(s(14));
  });

  it('draws a row per lane with a block per task, the lane of each task row, and the integrations', () => {
    const svg = renderTimelineSvg(model());
    expect(svg.match(/<g class="lane-row"/g)).toHaveLength(3);
    expect(svg.match(/class="lane-task"/g)).toHaveLength(4);
    const laneOfRow = (id: string) => new RegExp(`<g class="task-row" data-task="${id}" data-state="committed" data-lane="(\\d)"`).exec(svg)?.[1];
    expect(laneOfRow('T1')).not.toBe(laneOfRow('T2'));
    expect(laneOfRow('T4')).toBe(laneOfRow('T2'));
    // T2 and T4 are the blocks of one lane row.
    const lane2 = new RegExp(`<g class="lane-row" data-lane="${laneOfRow('T2')}">.*?</g>`).exec(svg)![0];
    expect([...lane2.matchAll(/data-task="(T\d)"/g)].map((m) => m[1])).toEqual(['T2', 'T4']);
    expect(svg.match(/class="seg seg-integration-refused"/g)).toHaveLength(1);
    expect(svg).toContain('<title>T3 attempt 1 · approved, but sent back by integration: conflict in shared.txt</title>');
    expect(svg.match(/class="seg seg-integration-retest seg-integration-passed"/g)).toHaveLength(2);
    expect(svg).toContain('<title>T1 attempt 1 · approved, waiting for the run branch · 1s</title>');
    for (const label of ['waiting to integrate', 're-test on the combined tree', 'sent back by integration']) expect(svg).toContain(`>${label}</text>`);
    const rights = [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]) + Number(m[2]));
    expect(Math.max(...rights)).toBeLessThanOrEqual(960);
  });

  it('says in report.md and report.html how many lanes ran, the speed-up, what was sent back, and what each lane ran', () => {
    const lane = model().tasks.find((t) => t.id === 'T2')!.lane;
    const md = renderMarkdown(model());
    expect(md).toContain('## Lanes');
    expect(md).toContain('| **Lanes used** | 3 at most at once (of 3 allowed) |');
    expect(md).toContain('| **Speed-up** | 2.0× |');
    expect(md).toContain('| **Sum of task times** | 43s (what one lane would have taken) |');
    expect(md).toMatch(/\| \*\*Integrations\*\* \| 4 landed \(2 fast-forwarded, 2 re-tested on the combined tree; re-tests took 3s in all\); 1 sent back for a new attempt on the new head: T3 attempt 1 \(conflict in shared\.txt\) \|/);
    expect(md).toContain(`| ${lane} | T2 → T4 |`);
    expect(md).toContain('| T3 | 1 | — | — | approved, sent back by integration: conflict in shared.txt |');
    const html = renderHtml(model(), renderTimelineSvg(model()));
    expect(html).toContain('<h2>Lanes</h2>');
    expect(html).toContain(`<tr data-lane="${lane}"><td>${lane}</td><td>T2 → T4</td></tr>`);
  });

  it('shows the commit on the run branch, not the one in the task worktree', () => {
    const shown = buildReportModel({ journal: JOURNAL, integrations: INTEGRATIONS, commits: { T3: 'b'.repeat(40) } });
    expect(shown.tasks.find((t) => t.id === 'T3')?.sha).toBe('b'.repeat(40));
    expect(shown.tasks.find((t) => t.id === 'T1')?.sha).toBe('T11'.padEnd(40, '0'));
  });

  it('leaves a single-lane run as it was: no lanes section, no lane rows', async () => {
    const sample = await createSampleRun();
    const single = buildReportModel({ journal: await readJournal(sample.journalDir) });
    expect(single.lanes).toBeUndefined();
    expect(renderMarkdown(single)).not.toContain('## Lanes');
    expect(renderTimelineSvg(single)).not.toContain('lane-row');
  });
});
