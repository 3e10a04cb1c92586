/**
 * The real CLI in the background, in its own process group, so a test can
 * kill it the way a crash or `kill -9` would: no shutdown hooks, no cleanup.
 */
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { inject } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';

export interface BackgroundCli {
  pid: number;
  /** Everything printed so far. */
  output(): string;
  /** SIGKILL to the whole process group; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGINT (Ctrl-C) to the CLI itself; resolves with its exit code. */
  interrupt(): Promise<number | undefined>;
}

/** Same environment as `runCli`: the shared dev server, no TEMPORAL_* / TANDEM_* from the shell. */
export function startCli(args: string[], options: { cwd: string; env: Record<string, string> }): BackgroundCli {
  const inherited = Object.entries(process.env).filter(([key, value]) => value !== undefined && !key.startsWith('TEMPORAL_') && !key.startsWith('TANDEM_'));
  const child: ResultPromise = execa('node', [join(REPO_ROOT, 'bin', 'tandem.js'), ...args], {
    cwd: options.cwd,
    env: { ...Object.fromEntries(inherited), TEMPORAL_ADDRESS: inject('temporalAddress'), NO_COLOR: '1', ...options.env },
    extendEnv: false,
    reject: false,
    detached: true,
    all: true,
  });
  let output = '';
  child.all?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return {
    pid: child.pid!,
    output: () => output,
    kill: async () => {
      process.kill(-child.pid!, 'SIGKILL');
      await child;
    },
    interrupt: async () => {
      child.kill('SIGINT');
      return (await child).exitCode;
    },
  };
}

/** Polls `condition` every 50 ms until it holds, or fails after `timeoutMs` naming what it waited for. */
export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
