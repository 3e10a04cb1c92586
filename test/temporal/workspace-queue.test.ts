/**
 * The workspace queue a task's activities follow: one per machine and
 * TANDEM_HOME, stable across processes there, and handed out only while a
 * worker in this process polls it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holderKeyOf, markServed, servedWorkspaceQueue, unmarkServed, workspaceHolderKey, workspaceQueueOf } from '../../temporal/workspace-queue.js';

describe('workspace queues', () => {
  it('names one queue per machine and home, the same every time, kept by a machine id in the home', () => {
    const home = mkdtempSync(join(tmpdir(), 'tandem-key-'));
    const key = workspaceHolderKey({ TANDEM_HOME: home }, 'build-1');
    expect(key).toMatch(/^[0-9a-f]{10}$/);
    expect(workspaceHolderKey({ TANDEM_HOME: home }, 'build-1')).toBe(key);
    expect(readFileSync(join(home, 'machine-id'), 'utf8').trim()).toMatch(/^[0-9a-f-]{36}$/);
    expect(workspaceHolderKey({ TANDEM_HOME: home }, 'build-2')).not.toBe(key);
    expect(workspaceQueueOf('tandem/run/abc', key)).toBe(`tandem/run/abc/workspace/${key}`);
  });

  it('tells apart two machines with the same host name and home path (a cloned VM) by the machine id kept in each', () => {
    const home = mkdtempSync(join(tmpdir(), 'tandem-key-'));
    const key = workspaceHolderKey({ TANDEM_HOME: home }, 'ubuntu');
    const id = readFileSync(join(home, 'machine-id'), 'utf8').trim();
    expect(holderKeyOf('ubuntu', home, id)).toBe(key);
    expect(holderKeyOf('ubuntu', home, '7d6f1c2e-other-machine')).not.toBe(key);
  });

  it('hands out a workspace queue only while a worker here polls it, counting workers that overlap', () => {
    const queue = `tandem/run/${Date.now()}`;
    expect(servedWorkspaceQueue(queue)).toBeUndefined();
    markServed(queue);
    markServed(queue); // a pool serves the queue again while the worker it let go still drains
    unmarkServed(queue);
    expect(servedWorkspaceQueue(queue)).toBe(workspaceQueueOf(queue));
    unmarkServed(queue);
    expect(servedWorkspaceQueue(queue)).toBeUndefined();
  });
});
