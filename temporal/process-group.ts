import { readFileSync } from 'node:fs';
import { sleep } from './net.js';

/**
 * True when `pid` is alive and, where /proc exists, still looks like a Temporal
 * server, so a recycled pid after a reboot is never mistaken for our server.
 */
export function isDevServerProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    // EPERM means it exists but belongs to someone else: not ours to manage.
    return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('temporal') || cmdline.includes('start-dev');
  } catch {
    return true;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `pid` runs, whoever owns it: a process of another user (EPERM) still counts, so a lock
 * it holds is never taken from it. isAlive is for Tandem's own children, which never answer EPERM.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops a detached process group: SIGTERM, then SIGKILL after `graceMs`.
 * Resolves once the leader is gone. Safe to call on a process that already exited.
 */
export async function terminateProcessGroup(pid: number, graceMs = 10_000): Promise<void> {
  if (!signalGroup(pid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(50);
  }
  signalGroup(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
}

function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    // A negative pid addresses the whole group; the server was started as its leader.
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}
