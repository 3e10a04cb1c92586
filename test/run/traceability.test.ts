/**
 * Traceability end to end: a real scripted run (real CLI, dev server, git,
 * protocol fakes) of a plan whose tasks name requirements; then the commit
 * trailers, the matrix in report.md, and `tandem trace` for a line, a whole file, a
 * requirement, a task and the errors a user can hit.
 */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConvergeRoundRecord } from '../../journal/records.js';
import { trace } from '../../cli/commands/trace.js';
import { renderTrace } from '../../cli/trace/render-trace.js';
import type { FileAnswer } from '../../cli/trace/trace-types.js';
import { runCli, type CliResult } from '../support/cli.js';
import { APPROVE, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { makeRepo } from '../git/helpers.js';
import { greekRepo, REVIEWER, startFakes, type Fakes } from './fixtures.js';

const PLAN = `# Plan: Traced letters

- [ ] T1: Write alpha
  - Details: Create a.txt containing the word alpha.
  - Acceptance:
    - a.txt contains exactly "alpha"
  - Verify: \`grep -qx alpha a.txt\`
  - Depends on: none
  - Requirements: R1
- [ ] T2: Write beta
  - Details: Create b.txt with beta, and append to a.txt.
  - Acceptance:
    - b.txt contains exactly "beta"
    - a.txt still starts with alpha
  - Verify: \`grep -qx beta b.txt\`
  - Depends on: T1
  - Requirements: R1, R2
`;

const EDITS: Record<string, { path: string; content: string }[]> = {
  T1: [{ path: 'a.txt', content: 'alpha\n' }],
  T2: [
    { path: 'b.txt', content: 'beta\n' },
    { path: 'a.txt', content: 'alpha\nsee b.txt\n' },
  ],
};

describe('traceability: trailers, the report matrix and tandem trace after a real run', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let home: string;
  let run: CliResult;
  const cli = (args: string[], cwd = repo.root) => runCli(args, { cwd, env: { ...fakes.env, TANDEM_HOME: home }, timeoutMs: 60_000 });

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'tandem-trace-home-'));
    repo = await greekRepo({ plan: PLAN });
    fakes = await startFakes(implementerScript((taskId) => EDITS[taskId]!), reviewerScript(() => APPROVE));
    run = await runCli(['run', 'TODO.md', '--task-queue', uniqueTaskQueue('trace')], { cwd: repo.root, env: { ...fakes.env, TANDEM_HOME: home }, timeoutMs: 180_000 });
  }, 200_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('commits each task with trailers naming its criteria and requirements', async () => {
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const trailers = await repo.git('log', '-1', '--format=%(trailers:key=Tandem-Requirements)%(trailers:key=Tandem-Acceptance)', 'tandem/traced-letters');
    expect(trailers.trim().split('\n')).toEqual([
      'Tandem-Requirements: R1, R2',
      'Tandem-Acceptance: T2/1 b.txt contains exactly "beta"',
      'Tandem-Acceptance: T2/2 a.txt still starts with alpha',
    ]);
    const t1 = await repo.git('log', '-1', '--format=%(trailers:key=Tandem-Acceptance,valueonly)', 'tandem/traced-letters~1');
    expect(t1.trim()).toBe('T1/1 a.txt contains exactly "alpha"');
  });

  it('report.md has the matrix: every requirement with its tasks, commits and test results, not reviewed without a converge round', async () => {
    expect((await cli(['report'])).exitCode).toBe(0);
    const md = await readFile(join(repo.root, '.tandem', 'report', 'report.md'), 'utf8');
    const [t1, t2] = await shas();
    expect(md).toContain('## Traceability\n\nNo converge review ran: verdicts are `not reviewed`.');
    const checks = (word: string) => `passed: \`grep -qx ${word} ${word[0]}.txt\`, \`test -f README.md\``;
    expect(md).toContain(`| R1 | T1 · Write alpha | ${t1.slice(0, 10)} | ${checks('alpha')} | not reviewed |`);
    expect(md).toContain(`| R1 | T2 · Write beta | ${t2.slice(0, 10)} | ${checks('beta')} | not reviewed |`);
    expect(md).toContain(`| R2 | T2 · Write beta | ${t2.slice(0, 10)} | ${checks('beta')} | not reviewed |`);
    const html = await readFile(join(repo.root, '.tandem', 'report', 'report.html'), 'utf8');
    expect(html).toContain('<tr data-requirement="R2">');
  });

  it('takes verdicts, and requirements no task names, from the latest converge round', async () => {
    const [, t2] = await shas();
    // A converge round exactly as the run journals it (journal/records.ts), written by hand to choose its verdicts.
    const journal = await journalDir();
    await mkdir(join(journal, 'converge'), { recursive: true });
    const round: ConvergeRoundRecord = {
      round: 1,
      headSha: t2,
      baseSha: t2,
      reviewer: 'openai:gpt-5',
      items: [
        { id: 'R1', kind: 'requirement', text: 'Write the first letter', verdict: 'met', evidence: [], tasks: ['T1', 'T2'] },
        { id: 'R2', kind: 'requirement', text: 'Write the second letter', verdict: 'partial', evidence: [], tasks: ['T2'] },
        { id: 'R3', kind: 'requirement', text: 'Write the third letter', verdict: 'missing', evidence: [], tasks: [] },
      ],
      followUps: [],
      summary: 'R3 is missing.',
      followUpTasks: [],
      modelId: 'gpt-5',
      usage: { inputTokens: 1200, outputTokens: 300, cachedInputTokens: 0 },
      costUsd: 0.004,
      startedAt: Date.now() - 2000,
      finishedAt: Date.now(),
    };
    await writeFile(join(journal, 'converge', 'round-1.json'), JSON.stringify(round));
    expect((await cli(['report'])).exitCode).toBe(0);
    const md = await readFile(join(repo.root, '.tandem', 'report', 'report.md'), 'utf8');
    expect(md).toContain(`Verdicts from converge round 1 by openai:gpt-5 at ${t2.slice(0, 10)}.`);
    expect(md).toMatch(/\| R2: Write the second letter \| T2 · Write beta \| [0-9a-f]{10} \| passed: .* \| partial \|/);
    expect(md).toContain('| R3: Write the third letter | — | — | — | missing |');
  });

  it('tandem trace file:line says which task put the line there, with its criteria, requirements, tests and reviews', async () => {
    const [t1, t2] = await shas();
    const first = await cli(['trace', 'a.txt:1']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain('a.txt:1 on tandem/traced-letters');
    expect(first.stdout).toContain(`Last changed by ${t1.slice(0, 10)} T1: Write alpha`);
    expect(first.stdout).toMatch(/Requirements {2}R1\n/);
    expect(first.stdout).toContain('Acceptance    T1/1 a.txt contains exactly "alpha"');
    expect(first.stdout).toContain('Tests         passed: `grep -qx alpha a.txt`, `test -f README.md`');
    expect(first.stdout).toContain(`✓ ${REVIEWER}: approve: ${APPROVE.summary}`);
    const second = JSON.parse((await cli(['trace', 'a.txt:2', '--json'])).stdout);
    expect(second).toMatchObject({ kind: 'line', line: 2, text: 'see b.txt', commit: { sha: t2 }, task: { taskId: 'T2', requirements: ['R1', 'R2'], attempt: 1, attempts: 1 } });
    expect(second.task.reviews).toEqual([{ reviewer: REVIEWER, verdict: 'approve', summary: APPROVE.summary }]);
  });

  it('tandem trace <file> (no line) names every commit that last changed its lines, each with its task', async () => {
    const [t1, t2] = await shas();
    // The answer in process (the CLI's --json prints it as is), then the CLI's text.
    const answer = await trace('a.txt', {}, repo.root, { TANDEM_HOME: home });
    expect(answer).toMatchObject({ kind: 'file', branch: 'tandem/traced-letters', path: 'a.txt' });
    // In the order their lines first appear: T1 wrote line 1, T2 line 2.
    expect((answer as FileAnswer).commits).toMatchObject([
      { sha: t1, subject: 'T1: Write alpha', lines: '1', task: { taskId: 'T1', requirements: ['R1'] } },
      { sha: t2, subject: 'T2: Write beta', lines: '2', task: { taskId: 'T2', requirements: ['R1', 'R2'] } },
    ]);
    const text = await cli(['trace', 'a.txt']);
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain('a.txt on tandem/traced-letters: 2 commits last changed its lines\n');
    expect(text.stdout).toContain(`\nLine 1: ${t1.slice(0, 10)} T1: Write alpha\n  Task          T1 · Write alpha\n`);
    expect(text.stdout).toContain(`\nLine 2: ${t2.slice(0, 10)} T2: Write beta\n  Task          T2 · Write beta\n`);
    expect(text.stdout).toContain('Acceptance    T2/1 b.txt contains exactly "beta"');
    // A file written before the run: its commit is no task's.
    const readme = renderTrace(await trace('README.md', {}, repo.root, { TANDEM_HOME: home }));
    expect(readme).toMatch(/^README\.md on tandem\/traced-letters: 1 commit last changed its lines\n\nLine 1: [0-9a-f]{10} initial\n  not a Tandem task commit\n$/);
  });

  it('tandem trace R1 lists the commits that serve it, with the converge verdict', async () => {
    const result = await cli(['trace', 'R1', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ kind: 'requirement', id: 'R1', text: 'Write the first letter', verdict: 'met', round: 1, uncommitted: [] });
    expect(answer.commits.map((story: { taskId: string }) => story.taskId)).toEqual(['T2', 'T1']);
    const text = (await cli(['trace', 'R3'])).stdout;
    expect(text).toContain('Requirement R3: Write the third letter');
    expect(text).toContain('missing (converge round 1)');
    expect(text).toContain('no commit on this branch names it');
  });

  it('tandem trace T2 tells the task story', async () => {
    const result = await cli(['trace', 'T2']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Task T2 · Write beta (on tandem/traced-letters, done in the plan)');
    expect(result.stdout).toContain('T2/2 a.txt still starts with alpha');
  });

  it('errors a user can hit are named, with a hint and exit code 2', async () => {
    const unknown = await cli(['trace', 'R9']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('error [TRACE_UNKNOWN_REQUIREMENT]');
    expect(unknown.stderr).toMatch(/hint: Requirements known on this branch: R1, R2, R3/);
    const noFile = await cli(['trace', 'missing.txt:3']);
    expect(noFile.exitCode).toBe(2);
    expect(noFile.stderr).toContain('error [TRACE_FILE_NOT_FOUND]: missing.txt is not a file on tandem/traced-letters.');
    // The same checks in process (the CLI's exit path is shown above): a line past the end, a branch that is not there.
    const inProcess = (target: string, flags = {}) => trace(target, flags, repo.root, { TANDEM_HOME: home }).catch((error: unknown) => error);
    expect(await inProcess('a.txt:40')).toMatchObject({ code: 'TRACE_LINE_OUT_OF_RANGE', exitCode: 2, message: expect.stringContaining('a.txt has only 2 lines') });
    // Line 0 reached git blame, which said `fatal: -L invalid line number: 0`; -1 and x looked for a requirement.
    const lineZero = await cli(['trace', 'a.txt:0']);
    expect([lineZero.exitCode, lineZero.stderr]).toEqual([2, expect.stringContaining('error [TRACE_LINE_OUT_OF_RANGE]: a.txt:0 names no line: lines are numbered from 1, and a.txt has 2 in tandem/traced-letters.\n  hint: Pass a line from 1 to 2')]);
    expect(lineZero.stderr).not.toMatch(/fatal|git blame/);
    for (const line of ['-1', 'x', '']) {
      expect(await inProcess(`a.txt:${line}`)).toMatchObject({ code: 'TRACE_LINE_OUT_OF_RANGE', exitCode: 2, message: `a.txt:${line} names no line: lines are numbered from 1, and a.txt has 2 in tandem/traced-letters.` });
    }
    expect(await inProcess('R1', { branch: 'nope' })).toMatchObject({ code: 'TRACE_BRANCH_NOT_FOUND', exitCode: 2, hint: expect.any(String) });
    const outside = await cli(['trace', 'a.txt:1'], await mkdtemp(join(tmpdir(), 'tandem-no-repo-')));
    expect([outside.exitCode, outside.stderr]).toEqual([2, expect.stringContaining('error [GIT_NOT_A_REPO]')]);
    // A repository with no commit yet: git log said `fatal: bad revision 'refs/heads/main'` (exit 1).
    const empty = makeRepo({ empty: true });
    const noCommits = await cli(['trace', 'T1'], empty.dir);
    expect([noCommits.exitCode, noCommits.stderr]).toEqual([2, expect.stringContaining(`error [GIT_NO_COMMITS]: The branch main in ${empty.dir} has no commits yet, so there is nothing to trace.\n  hint: `)]);
    expect(noCommits.stderr).not.toMatch(/fatal|bad revision/);
    for (const result of [unknown, noFile, outside, lineZero, noCommits]) expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  /** T1's and T2's commits. */
  async function shas(): Promise<[string, string]> {
    const log = (await repo.git('log', '--format=%H %s', 'main..tandem/traced-letters')).split('\n');
    const sha = (id: string) => log.find((line) => line.includes(` ${id}: `))!.split(' ')[0]!;
    return [sha('T1'), sha('T2')];
  }

  async function journalDir(): Promise<string> {
    const root = join(home, 'journal');
    const [run] = await readdir(root);
    const [execution] = await readdir(join(root, run!));
    return join(root, run!, execution!);
  }
});
