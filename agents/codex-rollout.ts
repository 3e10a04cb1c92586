/**
 * Codex's rollout file, read while it grows. `codex exec --json` reports usage
 * only when its turn ends (`turn.completed`), but codex also writes each model
 * call's usage to `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<thread id>.jsonl`
 * (checked with codex 0.171: a `token_usage_record` line with the response id and
 * its usage, written as soon as the call returns). Reading those lets a token or
 * dollar limit stop codex within one model call instead of at the end of its turn.
 *
 * Only what was appended since the tail was made is read: a resumed session's
 * earlier completed turns are counted from the journal, and the turn that ends
 * this run reports the whole thread's usage (interrupted calls included), which
 * replaces the per-call sum (progress.ts).
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AgentTail } from './launch.js';

/** Lines this tail passes on; the rollout's other lines (items, prompts) say nothing stdout does not. */
const USAGE_LINE = '"type":"token_usage_record"';

export function codexRolloutTail(codexHome: string): AgentTail {
  const sessions = path.join(codexHome, 'sessions');
  // Where each rollout file ended before this run started.
  const offsets = new Map<string, number>(rolloutFiles(sessions).map((file) => [file, sizeOf(file)]));
  let file: string | undefined;
  return {
    read(sessionId: string): string[] {
      file ??= rolloutFiles(sessions).find((candidate) => candidate.endsWith(`-${sessionId}.jsonl`));
      if (file === undefined) return [];
      const from = offsets.get(file) ?? 0;
      const size = sizeOf(file);
      if (size <= from) return [];
      let bytes: Buffer;
      try {
        bytes = readRange(file, from, size);
      } catch {
        return []; // gone (a removed session home): nothing more to count
      }
      // A line codex is still writing waits for the next read.
      const end = bytes.lastIndexOf(0x0a) + 1;
      offsets.set(file, from + end);
      return bytes.subarray(0, end).toString('utf8').split('\n').filter((line) => line.includes(USAGE_LINE));
    },
  };
}

function rolloutFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => path.basename(name).startsWith('rollout-') && name.endsWith('.jsonl'))
      .map((name) => path.join(dir, name));
  } catch {
    return []; // a directory codex is creating right now: the next read sees it
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function readRange(file: string, from: number, to: number): Buffer {
  const buffer = Buffer.alloc(to - from);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    closeSync(fd);
  }
  return buffer;
}
