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

  it('is empty with one running task or none: the single-lane output is unchanged', () => {
    expect(lanesLines(ONE_LANE, [progress])).toEqual([]);
    expect(lanesLines(status([row('T1', 'committed')]))).toEqual([]);
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
