/**
 * The push's configuration against a real repository: credential helpers and
 * the ssh program come from the user's global config only, and a repository
 * config that could run a program on push is refused.
 */
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pushConfig } from '../../git/push-config.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';

let repo: TestRepo;
const saved = { GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM };

beforeEach(async () => {
  repo = await createRepo({ 'README.md': '# x\n' });
  const globalFile = join(await mkdtemp(join(tmpdir(), 'tandem-global-')), 'gitconfig');
  await writeFile(globalFile, '[credential]\n\thelper = cache --timeout=60\n[credential "https://github.com"]\n\thelper = !gh auth git-credential\n[core]\n\tsshCommand = ssh -i ~/.ssh/work\n');
  process.env.GIT_CONFIG_GLOBAL = globalFile;
  // The machine's /etc/gitconfig may list helpers of its own (they would be kept too); leave it out.
  process.env.GIT_CONFIG_NOSYSTEM = '1';
});

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('pushConfig', () => {
  it("resets the helpers, then gives the user's own again, never the repository's", async () => {
    await repo.git('config', 'credential.helper', '!touch /tmp/pwned');
    await repo.git('config', 'credential.https://github.com.helper', '!touch /tmp/pwned2');
    await repo.git('config', 'core.sshCommand', 'touch /tmp/pwned3; ssh');
    const { config, env } = await pushConfig(repo.root, {});
    const reset = config.findIndex(([key, value]) => key === 'credential.helper' && value === '');
    expect(reset).toBeGreaterThanOrEqual(0);
    expect(config.slice(reset + 1)).toEqual([
      ['credential.helper', 'cache --timeout=60'],
      ['credential.https://github.com.helper', '!gh auth git-credential'],
      ['core.sshCommand', 'ssh -i ~/.ssh/work'],
    ]);
    expect(JSON.stringify(config)).not.toContain('pwned');
    expect(env).toEqual({});
    expect(config).toContainEqual(['protocol.file.allow', 'always']);
    expect(config.some(([key]) => key === 'protocol.ext.allow')).toBe(false);
  });

  it('keeps GIT_SSH_COMMAND from the environment, which beats any config', async () => {
    const { config, env } = await pushConfig(repo.root, { GIT_SSH_COMMAND: 'ssh -o BatchMode=yes' });
    expect(env).toEqual({ GIT_SSH_COMMAND: 'ssh -o BatchMode=yes' });
    expect(config.some(([key]) => key === 'core.sshCommand')).toBe(false);
  });

  it('refuses a repository config that names a remote helper, a receive-pack program or turns TLS checks off', async () => {
    for (const [key, value] of [['remote.origin.vcs', 'ext'], ['remote.origin.receivepack', 'sh -c evil'], ['http.https://github.com.sslVerify', 'false']] as const) {
      const fresh = await createRepo({ 'README.md': '# x\n' });
      await fresh.git('config', key, value);
      await expect(pushConfig(fresh.root, {})).rejects.toMatchObject({ code: 'PR_REPO_CONFIG_UNSAFE', exitCode: 2 });
    }
    await repo.git('config', 'http.sslVerify', 'true');
    await expect(pushConfig(repo.root, {})).resolves.toBeDefined();
  });
});
