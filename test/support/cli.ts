import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { inject } from 'vitest';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** Merged over the defaults; a value of `undefined` removes the variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
}

let defaultHome: string | undefined;

/**
 * Runs the real CLI (`node bin/tandem.js ...args`) and captures its output; a
 * non-zero exit is a result, not an exception. By default the CLI talks to the
 * run's shared Temporal server (TEMPORAL_ADDRESS) with a private TANDEM_HOME,
 * and inherits no TEMPORAL_* / TANDEM_* settings from the developer's shell.
 */
export async function runCli(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

export interface RunningCli {
  pid: number;
  result: Promise<CliResult>;
  /** Everything it printed so far, stdout and stderr as they came. */
  output(): string;
  /** SIGKILLs the CLI and everything it spawned (its process group), like a crash or a power cut. */
  killHard(): void;
}

/** Starts the real CLI in its own process group, for tests that kill it mid-run. */
export function startCli(args: string[], options: RunCliOptions = {}): RunningCli {
  const child = execa('node', [join(REPO_ROOT, 'bin', 'tandem.js'), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: cliEnv(options),
    extendEnv: false,
    reject: false,
    detached: true,
    timeout: options.timeoutMs ?? 30_000,
    all: true,
  });
  let output = '';
  child.all?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const result = child.then((done) => ({ exitCode: done.exitCode ?? -1, stdout: String(done.stdout), stderr: String(done.stderr) }));
  return {
    pid: child.pid!,
    result,
    output: () => output,
    killHard: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/**
 * Runs the real CLI with its stdout a pipe whose reading end is closed before the
 * CLI writes a byte, as `tandem ... | head -1` closes it once it has its line.
 */
export async function runCliStdoutClosed(args: string[], options: RunCliOptions = {}): Promise<Omit<CliResult, 'stdout'>> {
  const child = spawn('node', [join(REPO_ROOT, 'bin', 'tandem.js'), ...args], { cwd: options.cwd ?? REPO_ROOT, env: cliEnv(options), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  clearTimeout(timer);
  return { exitCode, stderr };
}

function cliEnv(options: RunCliOptions): Record<string, string> {
  defaultHome ??= mkdtempSync(join(tmpdir(), 'tandem-cli-home-'));
  return definedOnly({
    ...hermeticEnv(),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TANDEM_HOME: defaultHome,
    NO_COLOR: '1',
    ...options.env,
  });
}

function hermeticEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TEMPORAL_') && !key.startsWith('TANDEM_')));
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * The crash drill of the durability tests: starts `tandem <args>`, SIGKILLs it
 * once `killWhen` resolves (a model call held at the fake arrived, a journal
 * file appeared), calls `afterKill` (e.g. releasing the held call: its caller
 * is dead, so the answer goes nowhere), then runs the same command again to its end.
 */
export async function killAndRerun(
  args: string[],
  options: RunCliOptions,
  killWhen: () => Promise<unknown>,
  afterKill: () => void = () => undefined,
): Promise<{ killed: CliResult; rerun: CliResult }> {
  const running = startCli(args, options);
  await killWhen();
  running.killHard();
  const killed = await running.result;
  afterKill();
  return { killed, rerun: await runCli(args, options) };
}
