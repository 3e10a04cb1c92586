/**
 * Runs one shell command for a model, a verify step or the test suite. A failing,
 * missing or timed-out command is a result, never an exception: the workflow decides
 * what it means.
 */
import { execa } from 'execa';
import { scrubEnv } from './env.js';
import { longestSecretLength, redactSecrets, type Secret } from '../errors/redact-secrets.js';
import { sliceBytes, TailBuffer } from './output-cap.js';
import { signalGroup, terminateGroup, trackGroup, waitForGroupExit } from './process-group.js';
import { wrapShellCommand, type SandboxMode } from './sandbox.js';

export interface RunCommandInput {
  /** A bash command line, run as `bash -c command`. */
  command: string;
  /** Absolute path the command starts in. */
  cwd: string;
  /** The directory the sandbox lets the command write; defaults to `cwd`. */
  workspace?: string;
  timeoutMs: number;
  sandbox: SandboxMode;
  /** The environment to start from; credentials are dropped (see scrubEnv). */
  env: NodeJS.ProcessEnv;
  /** Variable names to pass even though they look like credentials. */
  envAllow?: readonly string[];
  /** Names of the run's model key variables: never passed, whatever they look like (RunSettings.keyVariables). */
  keyVariables?: readonly string[];
  /** Bytes of output kept: the tail of stdout and stderr combined. */
  maxOutputBytes: number;
  /** Values replaced in the output (build with collectSecrets inside the activity). */
  secrets?: readonly Secret[];
  /** Aborting kills the command's process group, like a timeout. */
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL on timeout or abort. Default 2000 ms. */
  killGraceMs?: number;
}

export interface CommandResult {
  command: string;
  /** null when the command was killed by a signal or could not start. 127: command not found. */
  exitCode: number | null;
  /** The signal that ended the command, e.g. 'SIGTERM' after a timeout. */
  signal?: string;
  timedOut: boolean;
  /** True when `signal` aborted the command. */
  canceled: boolean;
  durationMs: number;
  /** Tail of stdout+stderr, capped at maxOutputBytes, secrets redacted. */
  output: string;
  outputTruncated: boolean;
  /**
   * True when the command ran inside bwrap. False for `sandbox: none`, and when
   * bwrap was asked for but does not work here: then the command did not run
   * (exit code 126, the output says why).
   */
  sandboxed: boolean;
}

/** Runs `input.command` to completion, timeout or abort; resolves with a result in every case. */
export async function runCommand(input: RunCommandInput): Promise<CommandResult> {
  const started = Date.now();
  const { secrets = [], maxOutputBytes } = input;
  const env = scrubEnv(input.env, { ...(input.envAllow ? { allow: input.envAllow } : {}), ...(input.keyVariables ? { keyVariables: input.keyVariables } : {}) });
  const wrapped = await wrapShellCommand({
    command: input.command,
    workspace: input.workspace ?? input.cwd,
    cwd: input.cwd,
    sandbox: input.sandbox,
    env,
  });
  // Extra bytes so a secret cut in half by the cap is still whole when redacted.
  const tail = new TailBuffer(maxOutputBytes + longestSecretLength(secrets));
  let timedOut = false;
  let canceled = input.signal?.aborted ?? false;

  const finish = (exitCode: number | null, signal: string | undefined, note = ''): CommandResult => {
    const redacted = redactSecrets(note + tail.text(), secrets);
    const sliced = sliceBytes(redacted, maxOutputBytes, 'tail');
    const omitted = tail.droppedBytes + sliced.omittedBytes;
    return {
      command: input.command,
      exitCode,
      ...(signal ? { signal } : {}),
      timedOut,
      canceled,
      durationMs: Date.now() - started,
      output: omitted > 0 ? `[... ${omitted} bytes of output omitted ...]\n${sliced.text}` : sliced.text,
      outputTruncated: omitted > 0,
      sandboxed: wrapped.refused === undefined && wrapped.sandboxed,
    };
  };
  if (canceled) return finish(null, undefined, 'Command canceled before it started.\n');
  if (wrapped.refused !== undefined) return finish(126, undefined, `${wrapped.refused}\n`);

  const subprocess = execa(wrapped.file, wrapped.args, {
    cwd: input.cwd,
    env: { ...env, ...(wrapped.sandboxed ? { TMPDIR: '/tmp' } : {}) },
    extendEnv: false,
    reject: false,
    detached: true, // its own process group (and session), so the whole tree can be killed
    buffer: false, // we keep a bounded tail instead
    stdin: 'ignore',
    forceKillAfterDelay: false,
  });
  const pid = subprocess.pid;
  const untrack = pid === undefined ? () => {} : trackGroup(pid);
  subprocess.stdout?.on('data', (chunk: Buffer) => tail.push(chunk));
  subprocess.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));

  let cancelKill = (): void => {};
  const stop = (): void => {
    if (pid !== undefined) cancelKill = terminateGroup(pid, input.killGraceMs ?? 2000);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, input.timeoutMs);
  const onAbort = (): void => {
    canceled = true;
    stop();
  };
  input.signal?.addEventListener('abort', onAbort, { once: true });
  // When the shell exits, background jobs it left would hold the output pipes open
  // and outlive the step: they are orphans by definition, so the group goes too.
  // Inside bwrap the PID namespace does the same for jobs that left the group
  // (setsid): when the command ends, its namespace and everything in it end.
  subprocess.once('exit', () => pid !== undefined && signalGroup(pid, 'SIGKILL'));

  try {
    const result = await subprocess;
    // Return only once the jobs it left are gone, so nothing of the step outlives it.
    if (pid !== undefined) await waitForGroupExit(pid, 2000);
    const startFailure = result.exitCode === undefined && result.signal === undefined ? `${result.shortMessage}\n` : '';
    return finish(result.exitCode ?? null, result.signal, startFailure);
  } finally {
    clearTimeout(timer);
    cancelKill();
    untrack();
    input.signal?.removeEventListener('abort', onAbort);
  }
}
