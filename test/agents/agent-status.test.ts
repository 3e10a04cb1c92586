/**
 * `tandem status` while a Codex CLI session is mid-turn: codex has run one
 * command and its next model turn is held at the fake. Status reads the
 * session's heartbeat and shows what it did so far, in the table and under
 * the task's row in --json; the run then finishes as usual.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type CliResult } from '../support/cli.js';
import { codexScript, agentTandemHome } from '../support/agent-scripts.js';
import { reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, type Fakes } from '../run/fixtures.js';
import { CODEX_CONFIG, ONE_TASK_PLAN, holdTurn } from './fixtures.js';

/** The SDK sends a heartbeat's latest details within 80% of the timeout: a short one keeps the wait short. */
const HEARTBEAT_SECONDS = '4';
const STATUS_WAIT_MS = 60_000;

describe('tandem status during a codex session', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let json: any;
  let table: CliResult;
  let run: CliResult;
  const home = agentTandemHome();
  let release: () => void = () => undefined;

  beforeAll(async () => {
    repo = await greekRepo({ plan: ONE_TASK_PLAN, config: CODEX_CONFIG });
    // The turn after the command is held, so the session is mid-turn while status looks.
    const held = holdTurn(codexScript((turn) => (turn.taskId === 'T1' ? { commands: ['echo alpha > a.txt'], summary: 'Wrote a.txt.' } : undefined)));
    release = held.release;
    fakes = await startFakes(held.script, reviewerScript());
    const env = { ...fakes.env, TANDEM_HOME: home, TANDEM_HEARTBEAT_SECONDS: HEARTBEAT_SECONDS };
    const running = startCli(['run', '--in-checkout', '--task-queue', uniqueTaskQueue('agent-status')], { cwd: repo.root, env, timeoutMs: 150_000 });
    await held.arrived;
    // The heartbeat carrying the tool call reaches the server within the throttle interval: wait for it to show.
    const deadline = Date.now() + STATUS_WAIT_MS;
    let row: any;
    while (Date.now() < deadline) {
      json = JSON.parse((await runCli(['status', '--json'], { cwd: repo.root, env: { TANDEM_HOME: home } })).stdout);
      row = json.status?.tasks?.find((task: any) => task.id === 'T1');
      // git's scan of the workspace (which sees the shell's write) follows the tool call's event.
      if (row?.agentProgress?.toolCalls >= 1 && row.agentProgress.files?.length >= 1) break;
    }
    table = await runCli(['status'], { cwd: repo.root, env: { TANDEM_HOME: home } });
    release();
    run = await running.result;
  }, 300_000);

  afterAll(async () => {
    release();
    await fakes?.close();
  });

  it("status --json has the session's progress under the running task's row", () => {
    const row = json.status.tasks.find((task: any) => task.id === 'T1');
    expect(row.state).toBe('running');
    expect(row.agentProgress).toMatchObject({ taskId: 'T1', agent: 'agent:codex/gpt-5.4', toolCalls: 1, lastTool: '$ echo alpha > a.txt' });
    // Written by a shell command, which codex reports as no file_change: counted all the same.
    expect(row.agentProgress.files).toEqual(['a.txt']);
    expect(row.agentProgress.sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('status shows it as one line under the table', () => {
    expect(table.exitCode, table.stdout + table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^T1 agent codex · 1 tool call · 1 file · \S+ tok · \$[\d.]+ · last: \$ echo alpha > a\.txt$/m);
  });

  it('the run then commits the task as usual', async () => {
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(await repo.git('show', 'HEAD:a.txt')).toBe('alpha');
  });
});
