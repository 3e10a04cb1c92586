// Its own file (the probe runs once per module instance): bwrap is installed but
// cannot create namespaces, as on a kernel with unprivileged user namespaces off.
// A stand-in bwrap that fails the way the real one does there plays that machine.
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCommand } from '../../exec/run-command.js';
import { assertSandboxAvailable, probeSandbox } from '../../exec/sandbox.js';

let bin: string;
const realPath = process.env.PATH;
beforeAll(async () => {
  bin = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-brokenbwrap-')));
  await writeFile(
    path.join(bin, 'bwrap'),
    '#!/bin/sh\necho "bwrap: No permissions to create new namespace, likely because the kernel does not allow non-privileged user namespaces." >&2\nexit 1\n',
  );
  await chmod(path.join(bin, 'bwrap'), 0o755);
  process.env.PATH = `${bin}:${realPath}`;
  try {
    expect(await probeSandbox()).toEqual({
      available: false,
      reason: expect.stringContaining('installed but cannot create its namespaces here (bwrap: No permissions to create new namespace'),
    });
  } finally {
    process.env.PATH = realPath;
  }
});
afterAll(() => rm(bin, { recursive: true, force: true }));

it('refuses to start a run, naming the cause and the fix', async () => {
  await expect(assertSandboxAvailable()).rejects.toMatchObject({
    code: 'SANDBOX_UNAVAILABLE',
    exitCode: 3,
    message: expect.stringContaining('cannot create its namespaces'),
    hint: expect.stringContaining('kernel.unprivileged_userns_clone=1'),
  });
});

it('does not run a sandboxed command', async () => {
  const result = await runCommand({ command: 'touch ran-anyway', cwd: bin, timeoutMs: 5000, sandbox: 'bwrap', env: process.env, maxOutputBytes: 2000 });
  expect(result.exitCode).toBe(126);
  expect(existsSync(path.join(bin, 'ran-anyway'))).toBe(false);
});
