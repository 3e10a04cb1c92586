// Its own file: sandboxAvailable() is probed once per module instance, and this test
// needs the first probe to find no bwrap.
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runCommand } from '../../exec/run-command.js';
import { sandboxAvailable } from '../../exec/sandbox.js';

let emptyBin: string;
const realPath = process.env.PATH;
beforeAll(async () => {
  emptyBin = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-nobin-')));
});
afterAll(async () => {
  process.env.PATH = realPath;
  await rm(emptyBin, { recursive: true, force: true });
});

it('warns once with install instructions and runs unsandboxed when bwrap is missing', async () => {
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.env.PATH = emptyBin;
  try {
    expect(await sandboxAvailable()).toBe(false);
  } finally {
    process.env.PATH = realPath;
  }
  const result = await runCommand({
    command: 'echo unsandboxed',
    cwd: emptyBin,
    timeoutMs: 5000,
    sandbox: 'bwrap',
    env: process.env,
    maxOutputBytes: 1000,
  });
  await runCommand({ command: 'true', cwd: emptyBin, timeoutMs: 5000, sandbox: 'bwrap', env: process.env, maxOutputBytes: 1000 });
  expect(result).toMatchObject({ exitCode: 0, sandboxed: false, output: 'unsandboxed\n' });
  const warnings = stderr.mock.calls.map(([text]) => String(text)).filter((text) => text.includes('bubblewrap'));
  stderr.mockRestore();
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain('apt-get install bubblewrap');
  expect(warnings[0]).toContain('dnf install bubblewrap');
});
