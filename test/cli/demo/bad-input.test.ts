/**
 * `tandem demo`'s bad flags are refused before anything is written: no folder
 * made, no example copied, no repository initialised.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';

const STACK = /^\s+at \S|\.js:\d+/m;

describe('tandem demo: bad input', () => {
  it('--dir naming a file, or a path through one, is a usage error saying --dir must be a directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-demo-bad-'));
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'not a folder\n');
    const onFile = await runCli(['demo', '--dir', file]);
    expect([onFile.exitCode, onFile.stderr]).toEqual([2, `error [USAGE]: --dir must be a directory: ${file} is not one.\n  hint: Pass a folder to copy the example into (created if missing), or leave --dir out to use a temp dir.`]);
    const through = await runCli(['demo', '--dir', join(file, 'a')]);
    expect([through.exitCode, through.stderr]).toEqual([2, expect.stringContaining(`error [USAGE]: --dir must be a directory: ${join(file, 'a')} runs through the file ${file}.`)]);
    for (const result of [onFile, through]) expect(result.stderr).not.toMatch(/ENOTDIR|EEXIST|ENOENT|TANDEM_DEBUG/);
    for (const result of [onFile, through]) expect(result.stderr).not.toMatch(STACK);
  });

  it('a bad --port or --ui-port is refused before the example is copied anywhere', async () => {
    const parent = join(await mkdtemp(join(tmpdir(), 'tandem-demo-bad-')), 'a');
    for (const [flag, value] of [['--port', '0'], ['--ui-port', 'x']] as const) {
      const result = await runCli(['demo', '--dir', join(parent, 'b'), flag, value]);
      expect([result.exitCode, result.stderr]).toEqual([2, expect.stringContaining(`error [INVALID_PORT]: ${flag} must be a TCP port between 1 and 65535, got "${value}".\n  hint: `)]);
      expect(result.stdout).not.toContain('Example project');
      expect(result.stderr).not.toMatch(STACK);
    }
    expect(existsSync(parent)).toBe(false);
  });
});
