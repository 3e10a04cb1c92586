/** The three ways `tandem run` shows progress: a live table on a terminal, lines in a pipe, JSON events. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chooseRunView, type RunSnapshot } from '../../cli/run/run-view.js';
import { ZERO_SPEND, type RunStatus } from '../../contracts/run.js';

const spend = (costUsd: number) => ({ ...ZERO_SPEND, inputTokens: 1000, outputTokens: 100, costUsd });

function status(state: RunStatus['state'], t1: 'running' | 'committed'): RunStatus {
  return {
    runId: 'tandem/run/app@abc123/TODO.md',
    state,
    currentTaskId: t1 === 'running' ? 'T1' : undefined,
    tasks: [
      { id: 'T1', title: 'Add a separator option', state: t1, attempts: t1 === 'committed' ? 1 : 0, spend: t1 === 'committed' ? spend(0.01) : ZERO_SPEND, startedAt: 0, sha: t1 === 'committed' ? 'abcdef1234' : undefined },
      { id: 'T2', title: 'Document it', state: 'pending', attempts: 0, spend: ZERO_SPEND },
    ],
    spend: t1 === 'committed' ? spend(0.01) : ZERO_SPEND,
    budget: {},
  };
}

const running: RunSnapshot = {
  status: status('running', 'running'),
  progress: { taskId: 'T1', state: 'running', attempt: 2, step: 'implement · step 4 · edit_file src/slug.ts', spend: spend(0.004), startedAt: 0 },
  at: 1,
};

function capture(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 120;
  let text = '';
  stream.on('data', (chunk) => (text += String(chunk)));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

describe('run views', () => {
  it('a pipe gets one plain line per change, and the summary', () => {
    const out = capture(false);
    const view = chooseRunView({ json: false, stream: out.stream });
    view.start({ runId: 'tandem/run/app@abc123/TODO.md', attached: false });
    view.update(running);
    view.update(running); // no change, no new line
    view.finish(status('completed', 'committed'));
    view.stop();
    const lines = out.text().trim().split('\n');
    expect(lines).toContain('  T1 attempt 2 · implement · step 4 · edit_file src/slug.ts');
    expect(lines.filter((l) => l.includes('attempt 2'))).toHaveLength(1);
    expect(lines).toContain('✓ T1 Add a separator option — committed abcdef12 after 1 attempt · 1.1k tok · $0.0100');
    expect(lines.at(-1)).toBe('Run completed: 1 committed, 1 not run · 1.1k tok · $0.0100');
    expect(out.text()).not.toMatch(/\u001b\[/);
  });

  it('a pipe gets the converge review as one line while it runs, and what is missing after the summary', () => {
    const out = capture(false);
    const view = chooseRunView({ json: false, stream: out.stream });
    view.start({ runId: 'tandem/run/app@abc123/TODO.md', attached: false });
    const reviewing = { ...status('running', 'committed'), converge: { round: 1, rounds: 1, state: 'reviewing' as const, missing: [], followUps: [] } };
    view.update({ status: reviewing, at: 1 });
    view.update({ status: reviewing, at: 2 });
    view.finish({ ...status('completed', 'committed'), converge: { round: 1, rounds: 1, state: 'missing', missing: ['R4 (missing): d.txt holds delta'], followUps: [] } });
    const text = out.text();
    expect(text.match(/converge round 1 of 1: reviewing the branch against the design\n/g)).toHaveLength(1);
    expect(text.endsWith('Run completed: 1 committed, 1 not run · 1.1k tok · $0.0100\nconverge round 1 of 1: still not met:\n  - R4 (missing): d.txt holds delta\n')).toBe(true);
  });

  it('--json gets one JSON event per change', () => {
    const out = capture(true);
    const view = chooseRunView({ json: true, stream: out.stream });
    view.start({ runId: 'r', attached: true });
    view.update(running);
    view.finish(status('completed', 'committed'));
    const events = out.text().trim().split('\n').map((line) => JSON.parse(line));
    expect(events.map((e) => e.event)).toEqual(['start', 'progress', 'finish']);
    expect(events[1].progress.step).toContain('edit_file src/slug.ts');
    expect(events[2].status.state).toBe('completed');
  });

  it('a terminal gets a live table: state, attempt, step, time, tokens and cost, and the UI link', () => {
    const out = capture(true);
    const view = chooseRunView({ json: false, stream: out.stream });
    view.start({ runId: 'tandem/run/app@abc123/TODO.md', attached: false, ui: 'http://127.0.0.1:8233/x' });
    view.update(running);
    view.stop();
    const screen = plain(out.text());
    expect(screen).toContain('UI: http://127.0.0.1:8233/x');
    expect(screen).toMatch(/T1 Add a separator option\s*│\s*running\s*│\s*2\s*│\s*implement · step 4 · edit_file src\/slug\.ts/);
    expect(screen).toContain('1.1k tok · $0.0040');
    expect(screen).toContain('total 1.1k tok · $0.0040 · 2 tasks left · no ETA until a task is committed');
  });

  it('the live table gives an ETA once a task has committed, and the hint that raises a token budget', () => {
    const out = capture(true);
    const view = chooseRunView({ json: false, stream: out.stream });
    view.start({ runId: 'r', attached: false });
    const base = status('paused', 'committed');
    const now = Date.now();
    const tasks = [
      { ...base.tasks[0]!, startedAt: now - 300_000, finishedAt: now - 60_000 },
      { ...base.tasks[1]!, state: 'running' as const, startedAt: now - 60_000 },
    ];
    view.update({ status: { ...base, tasks, currentTaskId: 'T2', pauseKind: 'budget', pausedReason: 'T2: run budget reached: 21600 of 20000 tokens' }, at: now });
    view.stop();
    const screen = plain(out.text());
    expect(screen).toContain('continue with: tandem resume --add-tokens <n>');
    expect(screen).toMatch(/1 task left · ETA ~3m0\ds once resumed \(median 4m00s a task\)/);
  });

  it("a terminal shows a failed task's whole reason under the table, wrapped, never cut", () => {
    const reason = 'Could not connect to ollama at http://localhost:11434/api/chat (connection refused): start it with `ollama serve`, or set OLLAMA_HOST.';
    const out = capture(true);
    (out.stream as { columns?: number }).columns = 90;
    const view = chooseRunView({ json: false, stream: out.stream });
    view.start({ runId: 'r', attached: false });
    const failed = status('running', 'committed');
    failed.tasks[1] = { ...failed.tasks[1]!, state: 'failed', attempts: 3, reason };
    view.update({ status: failed, at: 1 });
    view.stop();
    const screen = plain(out.text());
    expect(screen).toContain('… (below)');
    expect(screen.replace(/\s+/g, ' ')).toContain(`T2 failed: ${reason}`);
  });

  it('every view shows a run stuck on a version mismatch, with the fix, and says when it moves again', () => {
    const problem = {
      code: 'RUN_VERSION_MISMATCH',
      message: 'tandem/run/app@abc123/TODO.md/T1 cannot continue: the run was started by another Tandem version',
      hint: 'Finish the run with the Tandem version that started it, or end it',
    };
    const lines = capture(false);
    const linesView = chooseRunView({ json: false, stream: lines.stream });
    linesView.start({ runId: 'r', attached: true });
    linesView.problem(problem);
    linesView.problem(undefined);
    expect(lines.text()).toContain(`stuck [RUN_VERSION_MISMATCH]: ${problem.message}\n  ${problem.hint}\n`);
    expect(lines.text()).toContain('moving again');

    const json = capture(true);
    const jsonView = chooseRunView({ json: true, stream: json.stream });
    jsonView.problem(problem);
    jsonView.problem(undefined);
    expect(json.text().trim().split('\n').map((line) => JSON.parse(line))).toEqual([{ event: 'stuck', ...problem }, { event: 'unstuck' }]);

    const terminal = capture(true);
    (terminal.stream as { columns?: number }).columns = 300; // one line each: log-update wraps at the width
    const table = chooseRunView({ json: false, stream: terminal.stream });
    table.start({ runId: 'r', attached: true });
    table.problem(problem); // before any status: no query answers a run that cannot replay
    table.stop();
    const screen = plain(terminal.text());
    expect(screen).toContain(`stuck [RUN_VERSION_MISMATCH]: ${problem.message}`);
    expect(screen).toContain(problem.hint);
  });
});
