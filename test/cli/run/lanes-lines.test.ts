/**
 * A run with lanes has several running tasks; `tandem status` and the live
 * views name each of them. A run with one running task prints as it always did.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { lanesLines } from '../../../cli/run/lanes-lines.js';
import { statusTable } from '../../../cli/run/status-table.js';
import { LiveTableView } from '../../../cli/run/live-table-view.js';
import { LinesView } from '../../../cli/run/lines-view.js';
import { ZERO_SPEND, type RunStatus, type TaskProgress, type TaskStatusRow } from '../../../contracts/run.js';
import type { RunSnapshot } from '../../../cli/run/view-types.js';
import { spendSoFar } from '../../../cli/run/format.js';

const row = (id: string, state: TaskStatusRow['state'], title = `Task ${id}`): TaskStatusRow => ({ id, title, state, attempts: state === 'pending' ? 0 : 1, spend: ZERO_SPEND });
const status = (tasks: TaskStatusRow[]): RunStatus => ({ runId: 'tandem/run/app@abc/TODO.md', state: 'running', currentTaskId: 'T2', tasks, spend: ZERO_SPEND, budget: {} });
const progress: TaskProgress = { taskId: 'T2', state: 'running', attempt: 2, step: 'implement · step 4 · edit_file src/b.ts', spend: ZERO_SPEND };

const THREE_LANES = status([row('T1', 'committed'), row('T2', 'running', 'Parse dates'), row('T3', 'running', 'Format money'), row('T4', 'pending'), row('T5', 'running', 'Add a CLI flag')]);
const ONE_LANE = status([row('T1', 'committed'), row('T2', 'running', 'Parse dates'), row('T3', 'pending')]);

/** What a live view wrote, without the terminal's control sequences. */
function captured(stream: PassThrough): string {
  const text = String(stream.read() ?? '');
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

describe('lanesLines', () => {
  it('names every running task in plan order, with the step and attempt where a progress report has them', () => {
    expect(lanesLines(THREE_LANES, [progress])).toEqual([
      'lanes: 3 running',
      '  T2 Parse dates · attempt 2 · implement · step 4 · edit_file src/b.ts',
      '  T3 Format money',
      '  T5 Add a CLI flag',
    ]);
  });

  it('takes the lane numbers the workflow recorded, even where the times would number them otherwise', () => {
    const recorded = status([
      { ...row('T1', 'running', 'One'), startedAt: 1000, lane: 2 },
      { ...row('T2', 'running', 'Two'), startedAt: 1000, lane: 1 },
    ]);
    expect(lanesLines(recorded)).toEqual(['lanes: 2 running', '  L2 T1 One', '  L1 T2 Two']);
  });

  it('is empty with one running task or none: the single-lane output is unchanged', () => {
    expect(lanesLines(ONE_LANE, [progress])).toEqual([]);
    expect(lanesLines(status([row('T1', 'committed')]))).toEqual([]);
  });
});

describe('lanesLines with every lane reported', () => {
  // T1 ran alone and ended; T2 and T3 started together; T5 started when T1 ended, in its lane.
  const timed = (id: string, state: TaskStatusRow['state'], startedAt: number, finishedAt?: number): TaskStatusRow => ({ ...row(id, state), startedAt, ...(finishedAt !== undefined ? { finishedAt } : {}) });
  const LANES = status([timed('T1', 'committed', 0, 50), timed('T2', 'running', 10), timed('T3', 'running', 10), row('T4', 'pending'), timed('T5', 'running', 50), row('T6', 'pending'), row('T7', 'pending')]);
  const reports: TaskProgress[] = [
    { taskId: 'T2', state: 'running', attempt: 1, step: 'review', spend: ZERO_SPEND },
    { taskId: 'T3', state: 'committed', attempt: 2, step: 'committed', spend: ZERO_SPEND },
    { taskId: 'T5', state: 'running', attempt: 1, step: 'implement · step 2 · model', spend: ZERO_SPEND },
  ];
  const PLAN = [
    { id: 'T1', dependsOn: [] },
    { id: 'T2', dependsOn: [], files: ['src/a.ts'] },
    { id: 'T3', dependsOn: [] },
    { id: 'T4', dependsOn: ['T1', 'T2'] },
    { id: 'T5', dependsOn: ['T1'] },
    { id: 'T6', dependsOn: [], files: ['src/a.ts', 'src/b.ts'] },
    { id: 'T7', dependsOn: ['T1'] },
  ];

  it('names each running task with its lane, attempt and step; a task whose child ended approved is integrating', () => {
    expect(lanesLines(LANES, reports, PLAN).slice(0, 4)).toEqual([
      'lanes: 3 running',
      '  L2 T2 Task T2 · attempt 1 · review',
      '  L3 T3 Task T3 · attempt 2 · approved, integrating onto the run branch (one at a time)',
      '  L1 T5 Task T5 · attempt 1 · implement · step 2 · model',
    ]);
  });

  it('says what each waiting task waits for: a dependency, a running task with the same files, or a free lane', () => {
    expect(lanesLines(LANES, reports, PLAN).at(-1)).toBe('waiting: T4 for T2 · T6 for T2 (same files: src/a.ts) · T7 for a free lane');
    // Paused, nothing starts: the pause line says why, so no waits are listed.
    expect(lanesLines({ ...LANES, pausedReason: 'lunch' }, reports, PLAN).join('\n')).not.toContain('waiting:');
    expect(lanesLines(LANES, reports).join('\n')).not.toContain('waiting:');
  });

  it('the plain lines view prints each lane\'s step once per change, then the lanes and the waits', () => {
    const stream = new PassThrough();
    const view = new LinesView(stream);
    view.update({ status: LANES, progress: reports[0], lanes: reports, plan: PLAN, at: 0 });
    view.update({ status: LANES, progress: reports[0], lanes: reports, plan: PLAN, at: 1 });
    view.update({ status: LANES, progress: reports[0], lanes: [reports[0]!, reports[1]!, { ...reports[2]!, step: 'test' }], plan: PLAN, at: 2 });
    const text = String(stream.read());
    expect(text.split('  T2 attempt 1 · review\n').length - 1).toBe(1);
    expect(text).toContain('  T5 attempt 1 · implement · step 2 · model\n');
    expect(text).toContain('  T5 attempt 1 · test\n');
    expect(text).toContain('lanes: 3 running\n  L2 T2 Task T2\n  L3 T3 Task T3\n  L1 T5 Task T5\nwaiting: T4 for T2 · T6 for T2 (same files: src/a.ts) · T7 for a free lane\n');
  });

  it('gives every running row of the status table its own attempt and step, and counts every lane in the spend so far', () => {
    const spent = (tokens: number): TaskProgress['spend'] => ({ ...ZERO_SPEND, inputTokens: tokens });
    const snapshot: RunSnapshot = { status: { ...LANES, spend: spent(100) }, progress: { ...reports[0]!, spend: spent(10) }, lanes: reports.map((r, i) => ({ ...r, spend: spent(10 ** (i + 1)) })), at: 0 };
    const text = statusTable(snapshot, 200);
    expect(text).toMatch(/│ T3 Task T3\s+│ running\s+│ 2\s+│ approved · integrating\s+│/);
    expect(text).toMatch(/│ T5 Task T5\s+│ running\s+│ 1\s+│ implement · step 2 · model\s+│/);
    expect(spendSoFar(snapshot).inputTokens).toBe(100 + 10 + 100 + 1000);
  });
});

describe('tandem status with lanes', () => {
  it('lists the running tasks under the table', () => {
    const text = statusTable({ status: THREE_LANES, progress, at: 0 }, 120);
    expect(text).toContain('lanes: 3 running\n  T2 Parse dates · attempt 2 · implement · step 4 · edit_file src/b.ts\n  T3 Format money\n  T5 Add a CLI flag\n');
  });

  it('prints no lanes section for a single lane', () => {
    expect(statusTable({ status: ONE_LANE, progress, at: 0 }, 120)).not.toContain('lanes:');
  });
});

describe('the live views with lanes', () => {
  const show = (snapshot: RunSnapshot, columns = 200): string => {
    const stream = Object.assign(new PassThrough(), { columns, rows: 50, isTTY: true }) as unknown as NodeJS.WriteStream & PassThrough;
    const view = new LiveTableView(stream);
    view.start({ runId: snapshot.status.runId, attached: false });
    view.update(snapshot);
    view.stop();
    return captured(stream);
  };

  it('the table view names each running task, cut to the terminal width', () => {
    const text = show({ status: THREE_LANES, progress, at: 0 });
    expect(text).toContain('lanes: 3 running');
    expect(text).toContain('  T3 Format money');
    expect(text).toContain('  T5 Add a CLI flag');
    const narrow = show({ status: THREE_LANES, progress, at: 0 }, 50);
    const cut = narrow.split('\n').find((line) => line.startsWith('  T2 Parse dates'));
    expect(cut).toMatch(/^ {2}T2 Parse dates · attempt 2 · .*…$/);
    expect(cut!.length).toBeLessThanOrEqual(49);
  });

  it('the table view shows no lanes for a single lane', () => {
    expect(show({ status: ONE_LANE, progress, at: 0 })).not.toContain('lanes:');
  });

  it('the plain lines view says which tasks run, once per change in that set', () => {
    const stream = new PassThrough();
    const view = new LinesView(stream);
    view.update({ status: THREE_LANES, progress, at: 0 });
    view.update({ status: THREE_LANES, progress: { ...progress, step: 'test' }, at: 1 });
    const text = String(stream.read());
    expect(text.split('lanes: 3 running').length - 1).toBe(1);
    expect(text).toContain('lanes: 3 running\n  T2 Parse dates\n  T3 Format money\n  T5 Add a CLI flag\n');
    const single = new PassThrough();
    new LinesView(single).update({ status: ONE_LANE, progress, at: 0 });
    expect(String(single.read())).not.toContain('lanes:');
  });
});
