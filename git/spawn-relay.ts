/**
 * Runs short processes (git) to completion and collects their output, either
 * directly or through a small helper process that forks on our behalf.
 *
 * Why a helper: fork copies the parent's page tables, so its cost grows with
 * the parent's memory. A Temporal worker holds 250-400 MB, where each spawn
 * blocked the event loop (workflow activations, heartbeats, every other
 * activity) for about 5 ms, and a task runs some twenty git commands. The
 * helper is a bare Node process (about 40 MB) that forks in about 1 ms while
 * the worker's thread stays free. Workers opt in with enableSpawnRelay(); a
 * CLI command that runs three git commands is better off without the
 * helper's start-up.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface CollectOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. */
  input?: string;
}

export interface CollectedProcess {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
  /** The process could not start (ENOENT: no such binary or cwd) or wrote too much. */
  spawnError?: { code?: string; message: string };
}

/** A finished relayed process, for timing (the bench subtracts process time from overhead). */
export interface RelayedSpan {
  file: string;
  args: readonly string[];
  start: number;
  end: number;
}

export const MAX_COLLECTED_BYTES = 256 * 1024 * 1024;

let relayEnabled = false;
let relay: Relay | undefined;
const observers = new Set<(span: RelayedSpan) => void>();

/** From now on, collect() forks through the helper process (started on first use). */
export function enableSpawnRelay(): void {
  relayEnabled = true;
}

/** Calls `listener` for every process run through the helper; returns the unsubscribe function. */
export function onRelayedSpawn(listener: (span: RelayedSpan) => void): () => void {
  observers.add(listener);
  return () => observers.delete(listener);
}

/** Runs `file args` to completion; never throws for a failing or missing command. */
export function collect(file: string, args: readonly string[], options: CollectOptions): Promise<CollectedProcess> {
  if (relayEnabled) {
    relay ??= startRelay();
    if (relay) return relay.run(file, args, options);
  }
  return collectDirectly(file, args, options);
}

function collectDirectly(file: string, args: readonly string[], options: CollectOptions): Promise<CollectedProcess> {
  return new Promise((resolve) => spawnAndCollect(spawn, { file, args, cwd: options.cwd, env: options.env, input: options.input ?? '' }, MAX_COLLECTED_BYTES, resolve));
}

interface CollectRequest {
  file: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  input: string;
}

/**
 * Starts `request.file`, collects what it writes (at most `max` bytes, then it
 * is killed) and calls `done` once when it closes; never throws. It names
 * nothing from outside its own body, because its source text is also the
 * helper process's code (HELPER_SOURCE): one collector for both paths.
 */
function spawnAndCollect(start: typeof spawn, request: CollectRequest, max: number, done: (result: CollectedProcess) => void): void {
  let child: ChildProcess;
  try {
    child = start(request.file, request.args, { cwd: request.cwd, env: request.env, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    done({ stdout: '', stderr: '', exitCode: null, signal: null, spawnError: { ...(code ? { code } : {}), message } });
    return;
  }
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let bytes = 0;
  let spawnError: CollectedProcess['spawnError'];
  const into = (chunks: Buffer[]) => (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > max) {
      spawnError ??= { code: 'EMAXBUFFER', message: `${request.file} wrote more than ${max} bytes` };
      child.kill('SIGKILL');
      return;
    }
    chunks.push(chunk);
  };
  child.stdout?.on('data', into(stdout));
  child.stderr?.on('data', into(stderr));
  // The command may exit before reading its input (e.g. on a bad argument); that is not our failure.
  child.stdin?.on('error', () => {});
  child.stdin?.end(request.input);
  child.once('error', (error: NodeJS.ErrnoException) => (spawnError ??= { ...(error.code ? { code: error.code } : {}), message: error.message }));
  child.once('close', (exitCode, signal) =>
    done({
      stdout: Buffer.concat(stdout).toString('utf8'),
      stderr: Buffer.concat(stderr).toString('utf8'),
      exitCode,
      signal,
      ...(spawnError ? { spawnError } : {}),
    }),
  );
}

/*
 * The helper: plain CommonJS passed with -e, so it runs the same from the
 * TypeScript sources (tests) and from dist/; its collector is spawnAndCollect's
 * own source. It exits when the worker goes (the IPC channel closes), even
 * after a SIGKILL.
 */
const HELPER_SOURCE = `
'use strict';
const { spawn } = require('node:child_process');
const spawnAndCollect = ${spawnAndCollect.toString()};
process.on('disconnect', () => process.exit(0));
process.on('message', (request) =>
  spawnAndCollect(spawn, request, ${MAX_COLLECTED_BYTES}, (result) => process.send({ id: request.id, ...result })),
);
`;

interface Pending {
  resolve: (result: CollectedProcess) => void;
  file: string;
  args: readonly string[];
  start: number;
}

interface Relay {
  run(file: string, args: readonly string[], options: CollectOptions): Promise<CollectedProcess>;
}

function startRelay(): Relay | undefined {
  let helper: ChildProcess;
  try {
    helper = spawn(process.execPath, ['--max-old-space-size=64', '-e', HELPER_SOURCE], {
      // What `ps` shows, so nobody wonders what this `node -e` beside the worker is.
      argv0: 'tandem-spawn-helper',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
      env: { PATH: process.env.PATH ?? '' },
    });
  } catch {
    return undefined;
  }
  const pending = new Map<number, Pending>();
  let nextId = 1;
  // Idle, the helper must not keep a finished CLI or test process alive.
  const idle = () => {
    helper.unref();
    helper.channel?.unref();
  };
  const busy = () => {
    helper.ref();
    helper.channel?.ref();
  };
  idle();

  helper.on('message', (message: CollectedProcess & { id: number }) => {
    const request = pending.get(message.id);
    if (!request) return;
    pending.delete(message.id);
    if (pending.size === 0) idle();
    const { id: _id, spawnError, ...result } = message;
    const span = { file: request.file, args: request.args, start: request.start, end: performance.timeOrigin + performance.now() };
    for (const observer of observers) observer(span);
    request.resolve({ ...result, ...(spawnError ? { spawnError } : {}) });
  });
  const fail = (reason: string) => {
    if (relay === self) relay = undefined; // the next call starts a new helper
    for (const request of pending.values()) {
      // Not retried here: the command may have run (a commit made) before the helper died.
      request.resolve({ stdout: '', stderr: '', exitCode: null, signal: null, spawnError: { code: 'ERELAY', message: reason } });
    }
    pending.clear();
  };
  helper.once('error', (error) => fail(`the spawn helper failed: ${error.message}`));
  helper.once('exit', (code, signal) => fail(`the spawn helper exited (${signal ?? `code ${String(code)}`})`));

  const self: Relay = {
    run: (file, args, options) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, { resolve, file, args, start: performance.timeOrigin + performance.now() });
        busy();
        const lost = (error: Error) => {
          if (!pending.delete(id)) return;
          if (pending.size === 0) idle();
          resolve({ stdout: '', stderr: '', exitCode: null, signal: null, spawnError: { code: 'ERELAY', message: `could not reach the spawn helper: ${error.message}` } });
        };
        try {
          helper.send({ id, file, args, cwd: options.cwd, env: options.env, input: options.input ?? '' }, (error) => error && lost(error));
        } catch (error) {
          lost(error as Error);
        }
      }),
  };
  return self;
}
