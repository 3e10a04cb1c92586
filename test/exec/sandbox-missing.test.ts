// Its own file: the sandbox is probed once per module instance, and this test
// needs the first probe to find no bwrap (test/support/no-bwrap.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCommand } from '../../exec/run-command.js';
import { assertSandboxAvailable } from '../../exec/sandbox.js';
import { TandemError } from '../../errors/tandem-error.js';
import { probeSandboxWithoutBwrap } from '../support/no-bwrap.js';

const scratch = probeSandboxWithoutBwrap('tandem-nobin-');

it('fails closed: a command that asks for the sandbox does not run at all, and the result says how to fix it', async () => {
  const emptyBin = scratch.dir();
  const result = await runCommand({ command: 'touch ran-anyway', cwd: emptyBin, timeoutMs: 5000, sandbox: 'bwrap', env: process.env, maxOutputBytes: 2000 });
  expect(existsSync(path.join(emptyBin, 'ran-anyway'))).toBe(false);
  expect(result).toMatchObject({ exitCode: 126, sandboxed: false, timedOut: false });
  expect(result.output).toContain('bubblewrap (bwrap) is not installed');
  expect(result.output).toContain('apt-get install bubblewrap');
  expect(result.output).toContain('--no-sandbox');
});

it('the same holds for a setting with caches', async () => {
  const emptyBin = scratch.dir();
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
  const result = await runCommand({ command: 'echo unsandboxed', cwd: scratch.dir(), timeoutMs: 5000, sandbox: 'none', env: process.env, maxOutputBytes: 1000 });
  expect(result).toMatchObject({ exitCode: 0, sandboxed: false, output: 'unsandboxed\n' });
});
