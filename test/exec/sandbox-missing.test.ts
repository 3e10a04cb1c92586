// Its own file: the sandbox is probed once per module instance, and this test
// needs the first probe to find no bwrap (PATH stripped while it runs).
import { existsSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCommand } from '../../exec/run-command.js';
import { assertSandboxAvailable, sandboxAvailable } from '../../exec/sandbox.js';
import { TandemError } from '../../errors/tandem-error.js';

let emptyBin: string;
const realPath = process.env.PATH;
beforeAll(async () => {
  emptyBin = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-nobin-')));
  process.env.PATH = emptyBin;
  try {
    expect(await sandboxAvailable()).toBe(false);
  } finally {
    process.env.PATH = realPath;
  }
});
afterAll(async () => {
  process.env.PATH = realPath;
  await rm(emptyBin, { recursive: true, force: true });
});

it('fails closed: a command that asks for the sandbox does not run at all, and the result says how to fix it', async () => {
  const result = await runCommand({ command: 'touch ran-anyway', cwd: emptyBin, timeoutMs: 5000, sandbox: 'bwrap', env: process.env, maxOutputBytes: 2000 });
  expect(existsSync(path.join(emptyBin, 'ran-anyway'))).toBe(false);
  expect(result).toMatchObject({ exitCode: 126, sandboxed: false, timedOut: false });
  expect(result.output).toContain('bubblewrap (bwrap) is not installed');
  expect(result.output).toContain('apt-get install bubblewrap');
  expect(result.output).toContain('--no-sandbox');
});

it('the same holds for a setting with caches', async () => {
  const result = await runCommand({ command: 'touch ran-anyway', cwd: emptyBin, timeoutMs: 5000, sandbox: { kind: 'bwrap', caches: ['npm'] }, env: process.env, maxOutputBytes: 2000 });
  expect(result.exitCode).toBe(126);
  expect(existsSync(path.join(emptyBin, 'ran-anyway'))).toBe(false);
});

it('assertSandboxAvailable refuses with exit 3, a code and the fix', async () => {
  const error = await assertSandboxAvailable().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TandemError);
  expect(error).toMatchObject({ code: 'SANDBOX_UNAVAILABLE', exitCode: 3 });
  expect((error as TandemError).hint).toMatch(/apt-get install bubblewrap.*--no-sandbox/s);
});

it('runs a command only when the user chose sandbox none', async () => {
  const result = await runCommand({ command: 'echo unsandboxed', cwd: emptyBin, timeoutMs: 5000, sandbox: 'none', env: process.env, maxOutputBytes: 1000 });
  expect(result).toMatchObject({ exitCode: 0, sandboxed: false, output: 'unsandboxed\n' });
});
