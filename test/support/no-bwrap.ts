/**
 * For a test file whose first sandbox probe must find no bwrap: the sandbox is
 * probed once per module instance, so that file strips PATH while it probes,
 * before any test runs. Returns the empty folder PATH pointed at, which the
 * tests use as a scratch workspace (removed after the file).
 */
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { sandboxAvailable } from '../../exec/sandbox.js';

export function probeSandboxWithoutBwrap(prefix: string): { dir(): string } {
  let emptyBin: string | undefined;
  const realPath = process.env.PATH;
  beforeAll(async () => {
    emptyBin = await realpath(await mkdtemp(path.join(tmpdir(), prefix)));
    process.env.PATH = emptyBin;
    try {
      expect(await sandboxAvailable()).toBe(false);
    } finally {
      process.env.PATH = realPath;
    }
  });
  afterAll(async () => {
    process.env.PATH = realPath;
    if (emptyBin) await rm(emptyBin, { recursive: true, force: true });
  });
  return {
    dir: () => {
      if (!emptyBin) throw new Error('probeSandboxWithoutBwrap: the folder exists only once the tests run');
      return emptyBin;
    },
  };
}
