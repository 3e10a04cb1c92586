/**
 * A kill right after the converge review was journaled: the process running
 * the worker is SIGKILLed as soon as `converge/round-1.json` exists, and the
 * run is started again. Whether the kill beat the activity's completion to the
 * server (the retry then reads the journaled round) or not (the history has
 * the result), the first review is paid once, and the run finishes: the
 * follow-up, the second review, and the outcome journaled for the report.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAndRerun, runCli, type CliResult } from '../support/cli.js';
import { conversations, firstOf, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { waitFor } from '../support/wait.js';
import { startFakes, type Fakes } from './fixtures.js';
import { convergeRepo, convergeRound, convergeScript, LETTERS } from './converge-fixtures.js';

/** The execution folder under `<home>/journal/<workflow>/` that holds a journaled first converge round, if one does yet. */
function journalWithRoundOne(home: string): string | undefined {
  const root = join(home, 'journal');
  if (!existsSync(root)) return undefined;
  const runs = readdirSync(root).flatMap((workflow) => readdirSync(join(root, workflow)).map((run) => join(root, workflow, run)));
  return runs.find((run) => existsSync(join(run, 'converge', 'round-1.json')));
}

describe('a worker killed once the converge review is journaled', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let first: CliResult;
  let second: CliResult;
  let journalDir: string | undefined;
  let report: string;

  beforeAll(async () => {
    repo = await convergeRepo();
    fakes = await startFakes(implementerScript((taskId) => [LETTERS[taskId]!]), firstOf(convergeScript(), reviewerScript()));
    // A home of its own, so the journal this run writes is the only one polled.
    const env = { ...fakes.env, TANDEM_HOME: mkdtempSync(join(tmpdir(), 'tandem-converge-kill-journal-')) };
    const args = ['run', 'TODO.md', '--task-queue', uniqueTaskQueue('converge-kill-journal')];
    ({ killed: first, rerun: second } = await killAndRerun(args, { cwd: repo.root, env, timeoutMs: 150_000 }, () =>
      waitFor(() => (journalDir = journalWithRoundOne(env.TANDEM_HOME)) !== undefined, 'converge/round-1.json in the journal', 150_000),
    ));
    const reported = await runCli(['report'], { cwd: repo.root, env });
    expect(reported.exitCode, reported.stdout + reported.stderr).toBe(0);
    report = await readFile(join(repo.root, '.tandem', 'report', 'report.md'), 'utf8');
  }, 330_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('the killed process died, and the rerun attached to the same run and finished it', () => {
    expect(first.exitCode).not.toBe(0);
    expect(second.stdout).toMatch(/^Attached to tandem\/run\//m);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain('converge round 2 of 2: every requirement and acceptance criterion is met');
  });

  it('asked for the first converge review exactly once', () => {
    const rounds = conversations(fakes.reviewer.requests).map(convergeRound).filter((round) => round !== undefined);
    expect(rounds).toEqual([1, 2]);
    fakes.implementer.assertClean();
    fakes.reviewer.assertClean();
  });

  it('appended and committed the follow-up once', async () => {
    const log = await repo.git('log', '--format=%s', 'main..tandem/greek-letters');
    expect(log.split('\n')).toEqual(['T4: Write delta', 'Plan: follow-up tasks T4 from converge round 1', 'T3: Write gamma', 'T2: Write beta', 'T1: Write alpha']);
  });

  it('journaled where converge ended, and the report says it in its header', async () => {
    const outcome = JSON.parse(await readFile(join(journalDir!, 'converge-outcome.json'), 'utf8')) as { state: string; round: number };
    expect(outcome).toMatchObject({ state: 'met', round: 2 });
    expect(report).toContain('| **Converge** | every requirement met (round 2 by anthropic:claude-haiku-4-5) |');
  });
});
