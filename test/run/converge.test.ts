/**
 * Converge, end to end: a design with four requirements, a plan that covers
 * three. After T3 the converge reviewer (another vendor) finds R4 missing, a
 * follow-up task is appended to TODO.md and committed, the run implements it,
 * and the second review finds everything met.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { conversations, firstOf, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { startFakes, type Fakes } from './fixtures.js';
import { convergeRepo, convergeRound, convergeScript, LETTERS } from './converge-fixtures.js';

describe('tandem run (converge on by default, one round of follow-ups): a requirement no task covered', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let result: CliResult;
  let status: CliResult;
  let report: string;

  beforeAll(async () => {
    repo = await convergeRepo();
    fakes = await startFakes(implementerScript((taskId) => [LETTERS[taskId]!]), firstOf(convergeScript(), reviewerScript()));
    const taskQueue = uniqueTaskQueue('converge');
    result = await runCli(['run', '--in-checkout', 'TODO.md', '--task-queue', taskQueue], { cwd: repo.root, env: fakes.env, timeoutMs: 180_000 });
    status = await runCli(['status'], { cwd: repo.root, env: fakes.env });
    const reported = await runCli(['report'], { cwd: repo.root, env: fakes.env });
    expect(reported.exitCode, reported.stdout + reported.stderr).toBe(0);
    report = await readFile(join(repo.root, '.tandem', 'report', 'report.md'), 'utf8');
  }, 240_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('completes, and says the second review found everything met', () => {
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ T4 Write delta — committed/);
    expect(result.stdout).toContain('converge round 2 of 2: every requirement and acceptance criterion is met');
    expect(status.stdout).toContain('converge round 2 of 2: every requirement and acceptance criterion is met');
  });

  it('appended the follow-up to TODO.md with its source, and ticked it', async () => {
    const todo = await readFile(join(repo.root, 'TODO.md'), 'utf8');
    expect(todo).toContain(
      '- [x] T4: Write delta\n  - Details: Create d.txt containing the word delta.\n  - Acceptance:\n    - d.txt contains exactly "delta"\n  - Depends on: none\n  - Requirements: R4\n  - Source: converge round 1\n',
    );
    expect(await readFile(join(repo.root, 'd.txt'), 'utf8')).toBe('delta\n');
  });

  it('committed the plan change, then the follow-up task, on the run branch', async () => {
    const log = await repo.git('log', '--format=%s', 'main..tandem/greek-letters');
    expect(log.split('\n')).toEqual(['T4: Write delta', 'Plan: follow-up tasks T4 from converge round 1', 'T3: Write gamma', 'T2: Write beta', 'T1: Write alpha']);
    const plan = await repo.git('log', '-1', '--format=%B', 'tandem/greek-letters~1');
    expect(plan).toMatch(/Tandem-Run: tandem\/run\//);
    // The follow-up names the requirement it closes, like any planned task.
    expect(await repo.git('log', '-1', '--format=%(trailers:key=Tandem-Requirements,valueonly)', 'tandem/greek-letters')).toBe('R4\n');
    expect(await repo.git('status', '--porcelain')).toBe('');
  });

  it('asked the other vendor twice, with the design, the plan, the whole diff and the tests on the head', () => {
    const reviews = conversations(fakes.reviewer.requests).filter((c) => convergeRound(c) !== undefined);
    expect(reviews.map(convergeRound)).toEqual([1, 2]);
    const [first, second] = reviews;
    expect(first!.firstUser).toContain('- R4: d.txt contains exactly "delta".');
    expect(first!.firstUser).toContain('- [x] T3: Write gamma');
    expect(first!.firstUser).toMatch(/\+gamma/);
    expect(first!.firstUser).toContain('`test -f README.md`: exit 0');
    expect(second!.firstUser).toContain('+delta');
    expect(second!.firstUser).toMatch(/[0-9a-f]{7} Plan: follow-up tasks T4 from converge round 1/);
    expect(conversations(fakes.implementer.requests).every((c) => c.structured === undefined)).toBe(true);
    fakes.implementer.assertClean();
    fakes.reviewer.assertClean();
  });

  it('reports both rounds: R4 missing with its follow-up, then all four met', () => {
    const rounds = report.split(/^### Round /m).slice(1);
    expect(rounds).toHaveLength(2);
    expect(rounds[0]).toMatch(/^1 · anthropic:claude-haiku-4-5 · [0-9a-f]{8} against [0-9a-f]{8} · tests passed/);
    expect(rounds[0]).toContain('| R4: d.txt contains exactly "delta" | missing | No task writes d.txt; the branch has no such file. | — |');
    expect(rounds[0]).toContain('Follow-up tasks: T4');
    expect(rounds[1]!.match(/^\| R\d: .* \| met \|/gm)).toHaveLength(4);
  });

  it("links all four requirements to their tasks and commits in the report's traceability matrix", async () => {
    const shas = new Map((await repo.git('log', '--format=%H %s', 'main..tandem/greek-letters')).split('\n').map((line) => [line.slice(41, 43), line.slice(0, 40)]));
    const matrix = report.slice(report.indexOf('## Traceability'));
    expect(matrix).toContain('Verdicts from converge round 2 by anthropic:claude-haiku-4-5');
    for (const [requirement, task, title, word] of [['R1', 'T1', 'Write alpha', 'alpha'], ['R2', 'T2', 'Write beta', 'beta'], ['R3', 'T3', 'Write gamma', 'gamma'], ['R4', 'T4', 'Write delta', 'delta']]) {
      const sha = shas.get(task!)!.slice(0, 10);
      expect(matrix).toMatch(new RegExp(`^\\| ${requirement}: \\S\\.txt contains exactly "${word}" \\| ${task} · ${title} \\| ${sha} \\| [^|]+ \\| met \\|$`, 'm'));
    }
    // The reviewer cited each task's commit by the short sha in the log; the journal holds it resolved, never "HEAD".
    const rounds = report.split(/^### Round /m).slice(1);
    expect(rounds[1]).toContain(`\`${shas.get('T4')!.slice(0, 8)}\` \`d.txt:1\` test npm test`);
  });
});
