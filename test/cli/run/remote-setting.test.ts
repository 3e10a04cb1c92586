/** `--remote` and `run.remote`: refused early for a run in the checkout or for a remote the repository lacks; recorded without credentials. */
import { describe, expect, it } from 'vitest';
import { resolveRunRemote } from '../../../cli/run/remote-setting.js';
import { runCli } from '../../support/cli.js';
import { closedPort } from '../../support/closed-port.js';
import { greekRepo, tandemYaml } from '../../run/fixtures.js';

describe('tandem run --remote', () => {
  it('is a usage error (exit 2) for a run in the checkout, from the flag or tandem.yaml, before any server is contacted', async () => {
    const repo = await greekRepo();
    await repo.git('remote', 'add', 'origin', '/srv/git/app.git');
    const env = { TEMPORAL_ADDRESS: `127.0.0.1:${await closedPort()}` };
    const flag = await runCli(['run', 'TODO.md', '--in-checkout', '--remote', 'origin'], { cwd: repo.root, env });
    expect(flag.exitCode, flag.stdout + flag.stderr).toBe(2);
    expect(flag.stderr).toContain('error [USAGE]: --remote origin (run.remote) needs worktrees');
    expect(flag.stderr).toContain('tandem run --parallel 4 --remote origin');
    await repo.write('tandem.yaml', tandemYaml('run:\n  remote: origin\n  workspace: checkout\n'));
    expect((await runCli(['run', 'TODO.md'], { cwd: repo.root, env })).exitCode).toBe(2);
  });

  it('is taken without --parallel: a run is in a worktree (one lane) by default, as docs/many-machines.md says', async () => {
    const repo = await greekRepo();
    await repo.git('remote', 'add', 'origin', '/srv/git/app.git');
    const unreachable = `127.0.0.1:${await closedPort()}`;
    const result = await runCli(['run', 'TODO.md', '--no-worker', '--remote', 'origin'], { cwd: repo.root, env: { TEMPORAL_ADDRESS: unreachable, OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-test' } });
    // Past every flag check, to the server (the whole one-lane run through a remote is test/run/remote.test.ts's).
    expect(result.stderr).not.toContain('[USAGE]');
    expect(result.stderr).toContain(`error [TEMPORAL_UNREACHABLE]: Cannot reach the Temporal server at ${unreachable}`);
    expect(result.exitCode).toBe(3);
  });

  it('refuses a remote the repository does not have (exit 2), naming the ones it has', async () => {
    const repo = await greekRepo();
    await repo.git('remote', 'add', 'upstream', '/srv/git/app.git');
    const result = await runCli(['run', 'TODO.md', '--parallel', '2', '--remote', 'origin'], { cwd: repo.root, env: { TEMPORAL_ADDRESS: `127.0.0.1:${await closedPort()}` } });
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain('error [GIT_REMOTE_MISSING]: --remote origin: this repository has no remote named "origin".');
    expect(result.stderr).toContain('Its remotes: upstream.');
  });

  it('records the URL without credentials, and a relative path as a whole one', async () => {
    const repo = await greekRepo();
    await repo.git('remote', 'add', 'origin', 'https://x-access-token:ghp_secret@github.com/me/app.git');
    await repo.git('remote', 'add', 'near', '../shared.git');
    expect(await resolveRunRemote(repo.root, 'origin')).toEqual({ name: 'origin', url: 'https://github.com/me/app.git' });
    expect((await resolveRunRemote(repo.root, 'near')).url).toBe(`${repo.root.replace(/\/[^/]+$/, '')}/shared.git`);
  });
});
