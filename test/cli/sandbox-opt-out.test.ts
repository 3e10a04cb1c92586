/**
 * Running without a sandbox is the user's explicit decision: on a machine
 * without bubblewrap, `--no-sandbox` or `sandbox: none` in the user's own
 * $TANDEM_HOME/config.yaml lets a run go ahead (and says the sandbox is off);
 * the same line in the repository's tandem.yaml does not.
 */
import { mkdtemp, realpath, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { greekRepo, startFakes, tandemYaml, type Fakes } from '../run/fixtures.js';

const FILES: Record<string, { path: string; content: string }> = {
  T1: { path: 'a.txt', content: 'alpha\n' },
  T2: { path: 'b.txt', content: 'beta\n' },
  T3: { path: 'c.txt', content: 'gamma\n' },
};

let fakes: Fakes;
let noBwrap: string;
beforeAll(async () => {
  fakes = await startFakes(implementerScript((taskId) => [FILES[taskId]!]), reviewerScript());
  noBwrap = await realpath(await mkdtemp(join(tmpdir(), 'tandem-nobwrap-')));
  // What a run needs besides bwrap: node for the CLI, git, and bash, test and grep for the Verify: commands.
  for (const program of ['node', 'git', 'bash', 'test', 'grep']) {
    const { stdout } = await execa('bash', ['-c', `type -P ${program}`]);
    await symlink(await realpath(stdout.trim()), join(noBwrap, program));
  }
});
afterAll(() => fakes?.close());

const run = async (repoRoot: string, args: string[], env: Record<string, string> = {}) =>
  runCli(['run', 'TODO.md', '--task-queue', uniqueTaskQueue('no-sandbox'), ...args], {
    cwd: repoRoot,
    env: { ...fakes.env, PATH: noBwrap, ...env },
    timeoutMs: 120_000,
  });

describe.concurrent('without bubblewrap', () => {
  it('--no-sandbox runs the plan and says the sandbox is off', async () => {
    const repo = await greekRepo();
    const result = await run(repo.root, ['--no-sandbox']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain('the sandbox is off (--no-sandbox)');
    expect((await repo.git('log', '--format=%s', 'main..tandem/greek-letters')).split('\n')).toHaveLength(3);
  }, 150_000);

  it("sandbox: none in the user's own config.yaml runs it too", async () => {
    const repo = await greekRepo();
    const home = await mkdtemp(join(tmpdir(), 'tandem-user-home-'));
    await writeFile(join(home, 'config.yaml'), 'sandbox: none\n');
    const result = await run(repo.root, [], { TANDEM_HOME: home });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain(`the sandbox is off (sandbox: none in ${join(home, 'config.yaml')}`);
  }, 150_000);

  it("sandbox: none in the repository's tandem.yaml is refused", async () => {
    const repo = await greekRepo({ config: tandemYaml('sandbox: none\n') });
    const refused = await run(repo.root, []);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('[REPO_CONFIG_NOT_TRUSTED]');
  }, 150_000);
});
