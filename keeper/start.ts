/**
 * Reaching a worker's call keeper, starting it when there is none: under a
 * lock, so two workers arriving together start one keeper; a socket whose
 * keeper is dead (it refuses connections) is removed first. The keeper is
 * spawned detached, in its own session, with the environment it is given
 * (keeper/call-environment.ts: only what model calls read), and
 * unref'd: the worker neither waits for it nor takes it down when it dies.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, open, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { KeeperAddress } from './address.js';
import { takeLock } from './start-lock.js';

/** How long a new keeper may take to listen. */
const START_TIMEOUT_MS = 10_000;

/** The compiled keeper next to this module (dist/keeper/main.js). */
export function keeperEntry(): string {
  return fileURLToPath(new URL('./main.js', import.meta.url));
}

export interface StartOptions {
  /** The keeper's program; default keeperEntry(). */
  entry?: string;
  /** How long a new keeper may take to listen; default START_TIMEOUT_MS. */
  startTimeoutMs?: number;
  /** The environment a new keeper gets (its endpoints and keys: keeperEnvironment); default this process's. */
  env?: NodeJS.ProcessEnv;
}

/** A connection to the keeper at `address`, started if need be. Rejects when it cannot be reached or started. */
export async function connectKeeper(address: KeeperAddress, options: StartOptions = {}): Promise<Socket> {
  const start = { entry: options.entry ?? keeperEntry(), env: options.env ?? process.env, startTimeoutMs: options.startTimeoutMs ?? START_TIMEOUT_MS };
  const existing = (await tryConnect(address.socket)).socket;
  if (existing) return existing;
  await mkdir(address.dir, { recursive: true, mode: 0o700 });
  await chmod(address.dir, 0o700);
  const deadline = Date.now() + start.startTimeoutMs;
  while (Date.now() < deadline) {
    const lock = await takeLock(address.lock);
    if (lock) {
      try {
        // Another worker may have started it between our first try and the lock.
        const started = (await tryConnect(address.socket)).socket ?? (await startKeeper(address, start, deadline));
        return started;
      } finally {
        await lock.release();
      }
    }
    // Another worker is starting it: wait for it to listen.
    const socket = (await tryConnect(address.socket)).socket;
    if (socket) return socket;
    await pause(50);
  }
  throw new Error(`no call keeper listened on ${address.socket} within ${start.startTimeoutMs / 1000} s`);
}

async function startKeeper(address: KeeperAddress, { entry, env, startTimeoutMs }: Required<StartOptions>, deadline: number): Promise<Socket> {
  if (!existsSync(entry)) throw new Error(`the call keeper's program ${entry} is missing`);
  // A socket that refuses connections is a dead keeper's: the name is free for a new one. Any
  // other failure (a full backlog, no permission) may be a live keeper's, which is never removed.
  const probe = await tryConnect(address.socket);
  if (probe.socket) return probe.socket;
  if (probe.code === 'ECONNREFUSED') await rm(address.socket, { force: true });
  else if (probe.code !== 'ENOENT') throw new Error(`cannot reach the call keeper at ${address.socket} (${probe.code})`);
  const log = await open(address.log, 'a', 0o600);
  let exited: string | undefined;
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(process.execPath, [entry, address.socket], { detached: true, stdio: ['ignore', log.fd, log.fd], cwd: address.dir, env });
    child.once('exit', (code, signal) => (exited = `exited (${signal ?? `code ${code}`}) before it listened; see ${address.log}`));
    child.once('error', (error) => (exited = error.message));
    child.unref();
  } finally {
    await log.close();
  }
  while (Date.now() < deadline) {
    const socket = (await tryConnect(address.socket)).socket;
    if (socket) return socket;
    if (exited) throw new Error(`the call keeper ${exited}`);
    await pause(25);
  }
  // Left running, it would idle on forever with no socket, and the next start would add another.
  if (!exited && child.pid !== undefined) killGroup(child.pid);
  throw new Error(`the call keeper did not listen on ${address.socket} within ${startTimeoutMs / 1000} s (stopped); see ${address.log}`);
}

/** Connected, or why not: ENOENT (no socket), ECONNREFUSED (a dead keeper's), or another code. */
function tryConnect(path: string): Promise<{ socket?: Socket; code?: string }> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      // Until the exchange listens: an error in between must not be an uncaught one ('close' follows).
      socket.on('error', () => undefined);
      resolve({ socket });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve({ code: error.code ?? 'unknown' });
    });
  });
}

/** The keeper and anything it started: it leads its own process group (detached). */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
