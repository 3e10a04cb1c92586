import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listConfig, type ConfigLister } from '../../git/config-cache.js';
import { commitTask } from '../../git/index.js';
import { makeRepo } from './helpers.js';

/** A lister that counts how often git would have run, and lists the config for real. */
function countingLister(): { lister: ConfigLister; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    lister: async (cwd) => {
      calls++;
      return { list: execFileSync('git', ['config', '--list', '-z'], { cwd, encoding: 'utf8' }) };
    },
  };
}

/**
 * Moves a file's mtime a minute back, as for a config nobody touched during the run, and waits
 * until its ctime (which that sets to now) is more than a timestamp tick old too.
 */
async function age(file: string): Promise<void> {
  const past = new Date(Date.now() - 60_000);
  utimesSync(file, past, past);
  while (Date.now() - statSync(file).ctimeMs < 100) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('config listing cache', () => {
  it('lists once while the config files are unchanged, and again once one changes, even to the same size', async () => {
    const repo = makeRepo();
    const config = path.join(repo.dir, '.git', 'config');
    await age(config);
    const { lister, calls } = countingLister();
    await listConfig(repo.dir, lister);
    await listConfig(repo.dir, lister);
    expect(calls()).toBe(1);

    const text = readFileSync(config, 'utf8');
    writeFileSync(config, text.replace('Ada User', 'Eve User'));
    await age(config);
    expect((await listConfig(repo.dir, lister)) as { list: string }).toMatchObject({ list: expect.stringContaining('Eve User') });
    expect(calls()).toBe(2);
  });

  it('does not trust a listing taken in the same timestamp tick as a change to the config', async () => {
    const repo = makeRepo();
    const config = path.join(repo.dir, '.git', 'config');
    writeFileSync(config, `${readFileSync(config, 'utf8')}[x]\n\ty = 1\n`);
    const { lister, calls } = countingLister();
    await listConfig(repo.dir, lister);
    await listConfig(repo.dir, lister);
    expect(calls()).toBe(2);
  });

  it('never reuses a listing with include or includeIf entries (an included file can change unseen)', async () => {
    const repo = makeRepo();
    repo.git('config', 'includeIf.onbranch:main.path', '../extra.cfg');
    const config = path.join(repo.dir, '.git', 'config');
    await age(config);
    const { lister, calls } = countingLister();
    await listConfig(repo.dir, lister);
    await listConfig(repo.dir, lister);
    expect(calls()).toBe(2);
  });

  it('lists again when a global config file appears', async () => {
    const repo = makeRepo();
    await age(path.join(repo.dir, '.git', 'config'));
    const globalFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-global-')), 'gitconfig');
    const saved = process.env.GIT_CONFIG_GLOBAL;
    process.env.GIT_CONFIG_GLOBAL = globalFile;
    try {
      const { lister, calls } = countingLister();
      await listConfig(repo.dir, lister);
      writeFileSync(globalFile, '[user]\n\tname = G\n');
      await age(globalFile);
      await listConfig(repo.dir, lister);
      expect(calls()).toBe(2);
    } finally {
      process.env.GIT_CONFIG_GLOBAL = saved;
    }
  });

  it("blanks a filter driver added to the repository's config after a listing was cached", async () => {
    const repo = makeRepo();
    const config = path.join(repo.dir, '.git', 'config');
    await age(config);
    const base = repo.git('rev-parse', 'HEAD');
    // The first commit caches the listing, which has no filter yet.
    const first = await commitTask({ repo: repo.dir, baseSha: base, taskId: 'T1', title: 'one', runId: 'r', implementedBy: 'm', reviewedBy: [] });

    const markers = mkdtempSync(path.join(os.tmpdir(), 'tandem-markers-'));
    const script = path.join(markers, 'clean.sh');
    writeFileSync(script, `#!/bin/sh\ntouch '${path.join(markers, 'clean.ran')}'\ncat\n`);
    chmodSync(script, 0o755);
    repo.git('config', 'filter.evil.clean', script);
    await age(config);
    repo.write('.gitattributes', '* filter=evil\n');
    repo.write('x.txt', 'x\n');
    await commitTask({ repo: repo.dir, baseSha: first.sha, taskId: 'T2', title: 'two', runId: 'r', implementedBy: 'm', reviewedBy: [] });
    expect(readdirSync(markers).filter((name) => name.endsWith('.ran'))).toEqual([]);
    expect(repo.git('show', 'HEAD:x.txt')).toBe('x');
  });
});
