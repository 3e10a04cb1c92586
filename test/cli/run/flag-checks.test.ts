/**
 * Every flag of `tandem run` and `tandem plan` is checked on its own before a
 * server is contacted: with TEMPORAL_ADDRESS on a closed port, a bad value
 * gives its own error and exit 2, never TEMPORAL_UNREACHABLE (which would mean
 * the check came after the connection, or a dev server was started first).
 */
import { describe, expect, it } from 'vitest';
import { checkRunSettingFlags, runSettings } from '../../../cli/run/run-settings.js';
import type { ResolvedConfig } from '../../../config/load.js';
import { parseConfig } from '../../../config/parse.js';
import { runCli } from '../../support/cli.js';
import { closedPort } from '../../support/closed-port.js';
import { thrown } from '../../support/thrown.js';
import { greekRepo } from '../../run/fixtures.js';

const KEYS = { OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-test' };

interface Row {
  args: string[];
  message: string;
}

const RUN_ROWS: Row[] = [
  { args: ['--on-failure', 'maybe'], message: 'error [USAGE]: --on-failure takes stop or continue, got "maybe".' },
  { args: ['--max-attempts', '0'], message: 'error [USAGE]: --max-attempts must be a whole number ≥ 1, got "0".' },
  { args: ['--max-attempts', '1.5'], message: 'error [USAGE]: --max-attempts must be a whole number ≥ 1, got "1.5".' },
  { args: ['--budget', 'abc'], message: 'error [USAGE]: --budget must be a positive number, got "abc".' },
  { args: ['--budget', '-1'], message: 'error [USAGE]: --budget must be a positive number, got "-1".' },
  { args: ['--budget-tokens', '2.5'], message: 'error [USAGE]: --budget-tokens must be a whole number ≥ 1, got "2.5".' },
  { args: ['--task-budget', '0'], message: 'error [USAGE]: --task-budget must be a positive number, got "0".' },
  { args: ['--task-budget-tokens', '1e3'], message: 'error [USAGE]: --task-budget-tokens must be a whole number ≥ 1, got "1e3".' },
  { args: ['--notify', 'notaurl'], message: 'error [USAGE]: --notify takes a webhook URL or "desktop", got "notaurl".' },
  { args: ['--branch', '..bad'], message: 'error [GIT_BAD_BRANCH_NAME]: "..bad" is not a valid git branch name.' },
  { args: ['--test', 'nonexistentcmd --all'], message: 'error [TEST_COMMAND_NOT_FOUND]: The test command `nonexistentcmd --all` (--test) cannot run: nonexistentcmd is not a command on PATH.' },
  { args: ['--pr-remote', 'nosuch'], message: 'error [PR_REMOTE_MISSING]: The repository has no remote named nosuch: there is nowhere to push the run branch. The run was not started: --pr needs this at its end.' },
];

describe('tandem run: a bad flag is refused before any server is contacted', () => {
  it.each(RUN_ROWS)('$args', async ({ args, message }) => {
    const repo = await greekRepo();
    const result = await runCli(['run', 'TODO.md', ...args], { cwd: repo.root, env: { ...KEYS, TEMPORAL_ADDRESS: `127.0.0.1:${await closedPort()}` } });
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(/^ {2}hint: /m);
    expect(result.stderr).not.toContain('TEMPORAL_UNREACHABLE');
    // Nothing was started: no run branch.
    expect(await repo.git('branch', '--list', 'tandem/*')).toBe('');
  });
});

describe('tandem plan: a bad budget is refused before any server is contacted', () => {
  it.each([
    { args: ['--budget', 'abc'], message: 'error [USAGE]: --budget must be a positive number, got "abc".' },
    { args: ['--budget-tokens', '2.5'], message: 'error [USAGE]: --budget-tokens must be a whole number ≥ 1, got "2.5".' },
  ])('$args', async ({ args, message }) => {
    const repo = await greekRepo({ files: { 'design.md': '# Design\n\nWrite alpha.\n' } });
    const result = await runCli(['plan', 'design.md', '--out', 'PLAN.md', ...args], { cwd: repo.root, env: { ...KEYS, TEMPORAL_ADDRESS: `127.0.0.1:${await closedPort()}` } });
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain('TEMPORAL_UNREACHABLE');
  });
});

describe('the setting flags on their own', () => {
  it('take whole counts, positive amounts and the known --on-failure modes', () => {
    expect(() => checkRunSettingFlags({ maxAttempts: '2', budgetUsd: '2.5', budgetTokens: '100000', onFailure: 'continue', notify: ['desktop'] })).not.toThrow();
    for (const flags of [{ maxAttempts: '' }, { maxAttempts: '2.0' }, { onFailure: 'Stop' }, { taskBudgetTokens: '-5' }]) {
      expect(thrown(() => checkRunSettingFlags(flags))).toMatchObject({ code: 'USAGE', exitCode: 2 });
    }
  });

  it('win over tandem.yaml when given, and are never replaced by its value when wrong', () => {
    const config: ResolvedConfig = { ...parseConfig('run: { onFailure: continue, maxAttempts: 5 }', 'tandem.yaml').config, roles: {} as ResolvedConfig['roles'], configFile: undefined };
    expect(runSettings(config, {}, 30)).toMatchObject({ onFailure: 'continue', maxAttempts: 5 });
    expect(runSettings(config, { onFailure: 'stop', maxAttempts: '2', budgetTokens: '1000' }, 30)).toMatchObject({ onFailure: 'stop', maxAttempts: 2, runBudget: { tokens: 1000 } });
    expect(thrown(() => runSettings(config, { onFailure: 'maybe' }, 30))).toMatchObject({ code: 'USAGE' });
  });
});
