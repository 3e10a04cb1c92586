/**
 * Reads refs and objects through one long-lived `git cat-file --batch` per
 * repository instead of a `git rev-parse` or `git cat-file` process per read: a
 * task reads the branch head, its base and the plan file several times, and
 * each process cost milliseconds.
 *
 * Fresh answers: git resolves a name on every request (loose refs are read
 * from disk, packed-refs is re-read when its stat changes, and a missing object
 * makes it rescan the packs), so a ref Tandem just moved reads as moved.
 * Safe: cat-file --batch without --filters or --textconv converts nothing, so
 * it runs no program whatever the config says, and it gets safeGitEnv.
 * Quiet: the process is closed after a minute idle and never keeps
 * Node alive; if it cannot answer (it died, the repository went away, git
 * refused the directory) the caller falls back to a one-shot git command,
 * which reports the failure the usual way.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { statSync } from 'node:fs';
import { gitDirsOf } from './git-dir.js';
import { safeGitEnv } from './safe-env.js';

export type ObjectAnswer = { sha: string; type: string; content: Buffer } | { missing: true };

interface Reader {
  child: ChildProcessWithoutNullStreams;
  /** The common dir's inode when started: a repository recreated at the same path gets a new reader. */
  ino: bigint;
  queue: Array<(answer: ObjectAnswer | undefined) => void>;
  buffer: Buffer;
  idle?: NodeJS.Timeout;
}

/** Long enough to span a task's model calls between its reads, short enough not to linger after a run. */
const IDLE_MS = 60_000;
const readers = new Map<string, Reader>();

/** The object `name` (any revision git accepts: `HEAD`, `refs/heads/x^{commit}`, `<sha>:path`), or undefined when it cannot tell. */
export async function readObject(repo: string, name: string): Promise<ObjectAnswer | undefined> {
  if (name.includes('\n') || name.trim() !== name || name === '') return undefined;
  const reader = readerFor(repo);
  if (reader === undefined) return undefined;
  return new Promise((resolve) => {
    reader.queue.push(resolve);
    if (reader.idle) clearTimeout(reader.idle);
    reader.idle = undefined;
    setRef(reader, true);
    reader.child.stdin.write(`${name}\n`);
  });
}

function readerFor(repo: string): Reader | undefined {
  const dirs = gitDirsOf(repo);
  if (dirs === undefined) return undefined;
  let ino: bigint;
  try {
    ino = statSync(dirs.commonDir, { bigint: true }).ino;
  } catch {
    return undefined;
  }
  const existing = readers.get(repo);
  if (existing !== undefined && existing.ino === ino) return existing;
  if (existing !== undefined) stop(repo, existing);
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn('git', ['cat-file', '--batch'], { cwd: repo, env: safeGitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  } catch {
    return undefined;
  }
  const reader: Reader = { child, ino, queue: [], buffer: Buffer.alloc(0) };
  readers.set(repo, reader);
  child.stdout.on('data', (chunk: Buffer) => {
    reader.buffer = reader.buffer.length === 0 ? chunk : Buffer.concat([reader.buffer, chunk]);
    drain(repo, reader);
  });
  child.stderr.resume();
  child.stdin.on('error', () => stop(repo, reader));
  child.once('error', () => stop(repo, reader));
  child.once('close', () => stop(repo, reader));
  setRef(reader, false);
  return reader;
}

/** Hands out every complete answer in the buffer, in request order. */
function drain(repo: string, reader: Reader): void {
  for (;;) {
    const newline = reader.buffer.indexOf(10);
    if (newline === -1) return;
    const header = reader.buffer.subarray(0, newline).toString('utf8');
    let answer: ObjectAnswer;
    let used = newline + 1;
    const found = /^([0-9a-f]{40,64}) (\w+) (\d+)$/.exec(header);
    if (found) {
      const size = Number(found[3]);
      // The content, then a newline of its own.
      if (reader.buffer.length < used + size + 1) return;
      answer = { sha: found[1]!, type: found[2]!, content: Buffer.from(reader.buffer.subarray(used, used + size)) };
      used += size + 1;
    } else if (/ (missing|ambiguous)$/.test(header)) {
      answer = { missing: true };
    } else {
      // Something this code does not understand: let the callers ask git directly.
      stop(repo, reader);
      return;
    }
    reader.buffer = reader.buffer.subarray(used);
    reader.queue.shift()?.(answer);
    if (reader.queue.length === 0) {
      setRef(reader, false);
      reader.idle = setTimeout(() => stop(repo, reader), IDLE_MS);
      reader.idle.unref();
    }
  }
}

function stop(repo: string, reader: Reader): void {
  if (readers.get(repo) === reader) readers.delete(repo);
  if (reader.idle) clearTimeout(reader.idle);
  for (const resolve of reader.queue.splice(0)) resolve(undefined);
  if (reader.child.exitCode === null && reader.child.signalCode === null) reader.child.kill();
}

/** Only a reader with requests in flight keeps the process alive. */
function setRef(reader: Reader, busy: boolean): void {
  for (const handle of [reader.child, reader.child.stdin, reader.child.stdout, reader.child.stderr] as Array<{ ref?: () => void; unref?: () => void }>) {
    if (busy) handle.ref?.();
    else handle.unref?.();
  }
}
