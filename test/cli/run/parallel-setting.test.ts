/** `--parallel` and `run.parallel`: how many lanes a run gets, refused early when the value or the combination is wrong. */
import { describe, expect, it } from 'vitest';
import { parallelFlag, parallelSetting } from '../../../cli/run/parallel-setting.js';
import { parseConfig } from '../../../config/parse.js';
import type { ResolvedConfig } from '../../../config/load.js';
import { runSettings, type RunSettingFlags } from '../../../cli/run/run-settings.js';
import { formatChanges, runSettingsDiff, type RunIntent } from '../../../cli/run/settings-diff.js';
import { runCli } from '../../support/cli.js';
import { closedPort } from '../../support/closed-port.js';
import { thrown } from '../../support/thrown.js';
import { greekRepo, tandemYaml } from '../../run/fixtures.js';

const fromYaml = (yaml: string) => parseConfig(yaml, 'tandem.yaml').config.run;
const APPROVE_EACH_HINT = '--approve each waits for one task at a time: drop --parallel (one lane is the default), or use --approve final';

describe('--parallel', () => {
  it('takes a whole number from 1 to 16', () => {
    expect([parallelFlag('1'), parallelFlag('4'), parallelFlag('16')]).toEqual([1, 4, 16]);
  });

  it.each(['0', '-2', '2.5', 'four', '', '17', '1000'])('refuses %j as a usage error (exit 2) with an example', (value) => {
    const error = thrown(() => parallelFlag(value));
    expect(error).toMatchObject({ code: 'USAGE', exitCode: 2, message: `--parallel must be a whole number from 1 to 16, got "${value}".` });
    expect(error.hint).toContain('--parallel 4');
  });
});

describe('lanes: tandem.yaml, then --parallel', () => {
  it('one lane in a worktree unless told otherwise', () => {
    expect(parallelSetting(fromYaml(''), {})).toEqual({ parallel: 1 });
    expect(parallelSetting(fromYaml('run: { workspace: worktree }'), {})).toEqual({ parallel: 1 });
  });

  it('the checkout\'s lane with --in-checkout or run.workspace: checkout; a --parallel flag wins over the file', () => {
    expect(parallelSetting(fromYaml(''), { inCheckout: true })).toEqual({});
    expect(parallelSetting(fromYaml('run: { workspace: checkout }'), {})).toEqual({});
    expect(parallelSetting(fromYaml('run: { parallel: 4 }'), { inCheckout: true })).toEqual({});
    expect(parallelSetting(fromYaml('run: { workspace: checkout }'), { parallel: '3' })).toEqual({ parallel: 3 });
  });

  it('refuses --in-checkout with --parallel, and run.workspace: checkout beside run.parallel, as usage errors', () => {
    expect(thrown(() => parallelSetting(fromYaml(''), { inCheckout: true, parallel: '2' }))).toMatchObject({ code: 'USAGE', exitCode: 2, message: expect.stringContaining('--in-checkout cannot be combined with --parallel 2') });
    expect(thrown(() => parallelSetting(fromYaml('run: { workspace: checkout, parallel: 2 }'), {}))).toMatchObject({ code: 'USAGE', exitCode: 2, message: expect.stringContaining('run.workspace: checkout and run.parallel: 2') });
    expect(thrown(() => fromYaml('run:\n  workspace: here\n'))).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('tandem.yaml:2: run.workspace') });
  });

  it('the flag wins over the file; the file alone counts', () => {
    expect(parallelSetting(fromYaml('run: { parallel: 8 }'), {})).toEqual({ parallel: 8 });
    expect(parallelSetting(fromYaml('run: { parallel: 8 }'), { parallel: '2' })).toEqual({ parallel: 2 });
    expect(parallelSetting(fromYaml(''), { parallel: '1' })).toEqual({ parallel: 1 });
  });

  it.each(['0', '17', '2.5'])('run.parallel %s in tandem.yaml is a config error naming the key', (value) => {
    expect(thrown(() => fromYaml(`run:\n  parallel: ${value}\n`))).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('tandem.yaml:2: run.parallel') });
  });

  it('refuses more than one lane with --approve each, from the flags or the file, and lets --approve final through', () => {
    expect(thrown(() => parallelSetting(fromYaml(''), { parallel: '4', approve: ['each'] }))).toMatchObject({ code: 'USAGE', exitCode: 2, hint: APPROVE_EACH_HINT });
    expect(thrown(() => parallelSetting(fromYaml('run: { parallel: 2, approve: [plan, each] }'), {}))).toMatchObject({ code: 'USAGE', hint: APPROVE_EACH_HINT });
    expect(thrown(() => parallelSetting(fromYaml('run: { approve: each }'), { parallel: '2' }))).toMatchObject({ code: 'USAGE', hint: APPROVE_EACH_HINT });
    expect(parallelSetting(fromYaml('run: { approve: each }'), { parallel: '2', approve: ['final'] })).toEqual({ parallel: 2 });
    // One lane waits for one approval at a time: in a worktree by default, or in the checkout when asked.
    expect(parallelSetting(fromYaml(''), { approve: ['each'] })).toEqual({ parallel: 1 });
    expect(parallelSetting(fromYaml('run: { approve: [final, each] }'), { parallel: '1' })).toEqual({ parallel: 1 });
    expect(parallelSetting(fromYaml('run: { approve: each }'), { inCheckout: true })).toEqual({});
    expect(parallelSetting(fromYaml('run: { approve: each }'), { approve: ['final'] })).toEqual({ parallel: 1 });
  });
});

/** A run's whole settings from tandem.yaml and flags; only the lanes are looked at here. */
function settingsFrom(yaml: string, flags: RunSettingFlags = {}) {
  const roles = { implementer: { spec: 'openai:gpt-5-mini' }, reviewers: [{ spec: 'anthropic:claude-haiku-4-5' }] } as unknown as ResolvedConfig['roles'];
  return runSettings({ ...parseConfig(yaml, 'tandem.yaml').config, roles, configFile: undefined }, flags, 30);
}

describe('lanes in a run\'s settings', () => {
  it('are recorded from the flag or the file, and a different number is named when an open run is compared', () => {
    expect(settingsFrom('').parallel).toBe(1);
    expect(settingsFrom('', { inCheckout: true }).parallel).toBeUndefined();
    expect(settingsFrom('run: { parallel: 3 }').parallel).toBe(3);
    const intent = (settings: ReturnType<typeof settingsFrom>): RunIntent => ({ settings, branch: 'b', taskQueue: 'q', allowFailingBaseline: false });
    const changes = runSettingsDiff(intent(settingsFrom('run: { parallel: 3 }')), intent(settingsFrom('run: { parallel: 3 }', { parallel: '6' })));
    expect(formatChanges(changes)).toBe('  lanes (--parallel, run.parallel): 3 lanes in worktrees → 6 lanes in worktrees');
  });
});

describe('tandem run --parallel with a bad value or --approve each', () => {
  it('exits 2 with the hint, before contacting any server', async () => {
    const repo = await greekRepo();
    const env = { TEMPORAL_ADDRESS: `127.0.0.1:${await closedPort()}` };
    const zero = await runCli(['run', 'TODO.md', '--parallel', '0'], { cwd: repo.root, env });
    expect(zero.exitCode, zero.stdout + zero.stderr).toBe(2);
    expect(zero.stderr).toContain('error [USAGE]: --parallel must be a whole number from 1 to 16, got "0".');
    expect(zero.stderr).toContain('--parallel 4');
    const each = await runCli(['run', 'TODO.md', '--parallel', '2', '--approve', 'each'], { cwd: repo.root, env });
    expect(each.exitCode, each.stdout + each.stderr).toBe(2);
    expect(each.stderr).toContain(APPROVE_EACH_HINT);
  });

  it('refuses run.parallel with run.approve each in tandem.yaml the same way', async () => {
    const repo = await greekRepo({ config: tandemYaml('run:\n  parallel: 3\n  approve: [each]\n') });
    const result = await runCli(['run', 'TODO.md'], { cwd: repo.root, env: { TEMPORAL_ADDRESS: `127.0.0.1:${await closedPort()}` } });
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain(APPROVE_EACH_HINT);
  });
});
