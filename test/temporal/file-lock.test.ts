import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { acquireFileLock, withFileLock } from '../../temporal/file-lock.js';
import { REPO_ROOT } from '../support/cli.js';

const lockIn = () => join(mkdtempSync(join(tmpdir(), 'tandem-lock-')), 'x.lock');

describe('file locks', () => {
  it('makes a second taker wait for the first, and says once that it waits', async () => {
    const lock = lockIn();
    const order: string[] = [];
    const release = await acquireFileLock(lock);
    const waits: (number | undefined)[] = [];
    const second = withFileLock(lock, async () => void order.push('second'), { onWait: (pid) => waits.push(pid) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    order.push('first done');
    await release();
    await second;
    expect(order).toEqual(['first done', 'second']);
    expect(waits).toEqual([process.pid]);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over at once a lock whose owner is dead', async () => {
    const lock = lockIn();
    const dead = await execa('sh', ['-c', 'echo $$']);
    writeFileSync(lock, dead.stdout.trim());
    const waits: unknown[] = [];
    // Without the takeover it would wait for the lock to be 2 minutes old, and say so.
    await withFileLock(lock, async () => undefined, { onWait: (pid) => waits.push(pid) });
    expect(waits).toEqual([]);
  });

  it('lets one process at a time hold it when several take over a dead owner\'s lock at once', async () => {
    const lock = lockIn();
    const journal = `${lock}.journal`;
    writeFileSync(lock, (await execa('sh', ['-c', 'echo $$'])).stdout.trim());
    writeFileSync(journal, '');
    const holder = `
      import { appendFileSync } from 'node:fs';
      import { withFileLock } from ${JSON.stringify(join(REPO_ROOT, 'dist/temporal/file-lock.js'))};
      await withFileLock(process.argv[1], async () => {
        appendFileSync(process.argv[2], 'in\\n');
        await new Promise((resolve) => setTimeout(resolve, 100));
        appendFileSync(process.argv[2], 'out\\n');
      });`;
    await Promise.all(Array.from({ length: 6 }, () => execa(process.execPath, ['--input-type=module', '-e', holder, lock, journal])));
    // Held one at a time: every "in" is followed by its own "out".
    expect(readFileSync(journal, 'utf8')).toBe('in\nout\n'.repeat(6));
    expect(existsSync(lock)).toBe(false);
  }, 30_000);

  it('stops waiting when asked, holding nothing', async () => {
    const lock = lockIn();
    const release = await acquireFileLock(lock);
    const controller = new AbortController();
    const waiting = acquireFileLock(lock, { signal: controller.signal, onWait: () => controller.abort(new Error('interrupted')) });
    await expect(waiting).rejects.toThrow('interrupted');
    await release();
    expect(existsSync(lock)).toBe(false);
  });

  it('runs anyway after its timeout rather than wedge the command', async () => {
    const lock = lockIn();
    writeFileSync(lock, String(process.pid));
    let ran = false;
    await withFileLock(lock, async () => void (ran = true), { timeoutMs: 200 });
    expect(ran).toBe(true);
    // Not its lock: the owner's file stays.
    expect(existsSync(lock)).toBe(true);
  });
});
