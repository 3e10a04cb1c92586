import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { removeStaleLock, takeLock } from '../../keeper/start-lock.js';

const deadPid = () => spawnSync('true').pid!;

it('takes over the lock of a worker that died while starting a keeper, and releases only its own', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-lock-'));
  const path = join(dir, 'k.lock');
  writeFileSync(path, `${deadPid()}\n`);
  expect(await takeLock(path)).toBeUndefined(); // cleared for the next try
  const lock = await takeLock(path);
  expect(lock).toBeDefined();
  expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`^${process.pid} [0-9a-f]{16}\n$`));
  // Someone else's lock now stands under the name (ours was taken over): releasing leaves it.
  await unlink(path);
  writeFileSync(path, 'someone else\n');
  await lock!.release();
  expect(readFileSync(path, 'utf8')).toBe('someone else\n');
  expect(readdirSync(dir)).toEqual(['k.lock']);
});

it('never deletes a lock another worker took after this one judged the old one stale', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-lock-'));
  const path = join(dir, 'k.lock');
  const judged = `${deadPid()}\n`;
  writeFileSync(path, judged);
  // Between our judgement and our takeover, another worker cleared it and took the lock.
  await unlink(path);
  const theirs = await takeLock(path);
  expect(theirs).toBeDefined();
  await removeStaleLock(path, judged);
  expect(existsSync(path)).toBe(true);
  expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`^${process.pid} `));
  expect(readdirSync(dir)).toEqual(['k.lock']);
  await theirs!.release();
  expect(existsSync(path)).toBe(false);
});
