/**
 * `tandem demo` is the README's first command: on a machine with no API key it
 * must run plan → run → report end to end with the scripted model, and say so.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('tandem demo without API keys', () => {
  it('plans, runs and reports the bundled example with the scripted model, and says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-demo-test-'));
    const result = await runCli(['demo', '--dir', dir], {
      env: { OPENAI_API_KEY: undefined, ANTHROPIC_API_KEY: undefined },
      timeoutMs: 150_000,
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Demo mode: no API key found');
    expect(result.stdout).toMatch(/Wrote TODO\.md: "Options for slugify", 3 tasks · approved by scripted:demo-critic in round 2/);
    expect(result.stdout).toMatch(/Run completed: 3 committed/);

    // The best moment: the review that sent T2 back, in full, although stdout is a pipe.
    expect(result.stdout).toContain(
      [
        'T2 was sent back after attempt 1:',
        '  scripted:demo-critic reviewed the diff and the test results: request changes',
        '    The edge case from the plan is not tested.',
        '    [blocker] test/max-length.test.js Acceptance says a first word longer than maxLength gives an empty slug; add a test for it.',
        '  Attempt 2 got that feedback, and scripted:demo-critic approved it: committed',
      ].join('\n'),
    );
    // Next steps end with the story of T2 and the report; on a server the user chose, no dev server to stop.
    const next = result.stdout.slice(result.stdout.indexOf('Next steps:'));
    expect(next).toContain(`cd ${join(dir, 'slugify')} && tandem logs T2`);
    expect(next).toContain(join(dir, 'slugify', '.tandem', 'report', 'report.html'));
    expect(next).toMatch(/The run lives on your Temporal server at 127\.0\.0\.1:\d+; Tandem started no server of its own\./);
    expect(next).not.toContain('tandem server stop');

    const repo = join(dir, 'slugify');
    const git = async (...args: string[]) => (await execa('git', args, { cwd: repo })).stdout;
    expect((await git('log', '--format=%s', 'main..HEAD')).split('\n')).toEqual([
      'T3: Document the options in the README',
      'T2: Add a `maxLength` option',
      'T1: Add a `separator` option',
      'Add the plan TODO.md',
    ]);
    expect(await git('status', '--porcelain')).toBe('');
    await execa('node', ['--test'], { cwd: repo }); // the example's own tests pass on the result

    const report = await readFile(join(repo, '.tandem', 'report', 'report.md'), 'utf8');
    expect(report).toMatch(/demo mode: scripted model, not a real one/i);
  }, 180_000);
});
