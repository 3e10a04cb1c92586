/**
 * Times every child process this Node process spawns (git, the test command,
 * bwrap), so the bench can subtract the time the user pays for processes from
 * a task's wall time. Works by wrapping `child_process.spawn` and syncing the
 * ESM named exports, which is how execa reaches it, and by listening to the
 * spawn helper that runs git for a worker.
 */
import childProcess, { type ChildProcess } from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { onRelayedSpawn } from '../git/spawn-relay.js';

export interface ProcessSpan {
  /** The executable: `git`, `bash`, `bwrap`, … */
  command: string;
  /** The subcommand, e.g. `commit` for git; for diagnostics. */
  subcommand: string;
  start: number;
  end: number;
}

export interface ProcessClock {
  readonly spans: ProcessSpan[];
  clear(): void;
  stop(): void;
}

/** Starts recording; `stop()` puts the original `spawn` back. Only one clock may run at a time. */
export function startProcessClock(): ProcessClock {
  const original = childProcess.spawn;
  const spans: ProcessSpan[] = [];
  const timed = function (this: unknown, ...args: unknown[]): ChildProcess {
    const start = performance.timeOrigin + performance.now();
    const child = (original as (...a: unknown[]) => ChildProcess).apply(this, args);
    const command = String(args[0]).split('/').pop() ?? String(args[0]);
    const subcommand = Array.isArray(args[1]) ? subcommandOf(args[1].map(String)) : '';
    child.once('exit', () => spans.push({ command, subcommand, start, end: performance.timeOrigin + performance.now() }));
    return child;
  };
  childProcess.spawn = timed as typeof childProcess.spawn;
  syncBuiltinESMExports();
  // git runs through the worker's spawn helper: timed from the request to the reply.
  const unsubscribe = onRelayedSpawn((span) =>
    spans.push({ command: span.file.split('/').pop() ?? span.file, subcommand: subcommandOf([...span.args]), start: span.start, end: span.end }),
  );
  return {
    spans,
    clear: () => void spans.splice(0),
    stop: () => {
      unsubscribe();
      childProcess.spawn = original;
      syncBuiltinESMExports();
    },
  };
}

/** `commit` in `git -c core.quotepath=off commit -q …`. */
function subcommandOf(args: string[]): string {
  return args.find((arg, index) => !arg.startsWith('-') && args[index - 1] !== '-c') ?? '';
}
