/**
 * TANDEM_HOME must be (or become) a directory: a file there is one clear
 * config error from the first command that keeps state, not an ENOTDIR from
 * whichever file under it that command touched first.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tandemHome } from '../../temporal/state-dir.js';
import { runCli } from '../support/cli.js';
import { createRepo } from '../support/git-repo.js';

const STACK = /^\s+at \S|\.js:\d+/m;

async function aFile(): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'tandem-home-file-')), 'passwd');
  await writeFile(file, 'root:x:0:0\n');
  return file;
}

describe('tandemHome', () => {
  it('is TANDEM_HOME resolved, existing or not yet made', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-home-'));
    expect(tandemHome({ TANDEM_HOME: dir })).toBe(dir);
    expect(tandemHome({ TANDEM_HOME: join(dir, 'a', 'b') })).toBe(join(dir, 'a', 'b'));
  });

  it('refuses a file, or a path through one, as STATE_DIR_INVALID naming the variable', async () => {
    const file = await aFile();
    expect(() => tandemHome({ TANDEM_HOME: file })).toThrow(expect.objectContaining({ code: 'STATE_DIR_INVALID', exitCode: 2, message: `TANDEM_HOME (${file}) is not a directory: it is a file.` }));
    expect(() => tandemHome({ TANDEM_HOME: join(file, 'x') })).toThrow(expect.objectContaining({ code: 'STATE_DIR_INVALID', message: `TANDEM_HOME (${join(file, 'x')}) is not a directory: ${file} on its path is a file.` }));
  });

  it('is the error every command that keeps state gives, exit 2, with no ENOTDIR', async () => {
    const file = await aFile();
    const repo = await createRepo({ 'README.md': '# r\n', 'TODO.md': '# Plan: r\n\n- [ ] T1: Do it\n  - Acceptance:\n    - done\n  - Depends on: none\n' });
    // `logs` used to fail with `ENOTDIR: not a directory, scandir '<file>/journal/…'` (exit 1).
    for (const args of [['logs', 'T1'], ['report'], ['server', 'status']]) {
      const result = await runCli(args, { cwd: repo.root, env: { TANDEM_HOME: file } });
      expect([result.exitCode, result.stderr], args.join(' ')).toEqual([2, `error [STATE_DIR_INVALID]: TANDEM_HOME (${file}) is not a directory: it is a file.\n  hint: Set TANDEM_HOME to a directory (created if missing), or unset it to use ~/.tandem.`]);
      expect(result.stderr).not.toMatch(STACK);
    }
  });
});
