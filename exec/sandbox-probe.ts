/**
 * Whether bubblewrap works here, found by running it once: installed is not
 * enough (user namespaces may be disabled, or a container may forbid them).
 * Tandem fails closed on the answer: without a working sandbox nothing a model
 * wrote runs, unless the user opted out.
 */
import { execa } from 'execa';
import { EXIT, TandemError } from '../errors/tandem-error.js';

export type SandboxProbe = { available: true } | { available: false; reason: string };

let cached: Promise<SandboxProbe> | undefined;

/** Runs a trivial command under bwrap with the namespaces Tandem uses; probed once per process. */
export function probeSandbox(): Promise<SandboxProbe> {
  cached ??= probe();
  return cached;
}

async function probe(): Promise<SandboxProbe> {
  const result = await execa(
    'bwrap',
    ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--unshare-all', '--die-with-parent', 'true'],
    { reject: false, timeout: 10_000 },
  );
  if (result.exitCode === 0) return { available: true };
  if (result.code === 'ENOENT') return { available: false, reason: 'bubblewrap (bwrap) is not installed' };
  const detail = firstLine(result.stderr) || result.shortMessage;
  return { available: false, reason: `bubblewrap (bwrap) is installed but cannot create its namespaces here (${detail})` };
}

/** The fix, in one sentence, for every message about a missing sandbox. */
export const SANDBOX_FIX =
  'Install bubblewrap (`apt-get install bubblewrap`, `dnf install bubblewrap`) and make sure unprivileged user namespaces are enabled ' +
  '(sysctl kernel.unprivileged_userns_clone=1); or, to run model-written commands on this machine unsandboxed, pass --no-sandbox ' +
  '(or set `sandbox: none` in your own config, $TANDEM_HOME/config.yaml).';

/**
 * Throws TandemError SANDBOX_UNAVAILABLE (exit 3) when bwrap does not work here.
 * Called before a run starts, so nothing a model wrote is run unconfined.
 */
export async function assertSandboxAvailable(): Promise<void> {
  const probe = await probeSandbox();
  if (probe.available) return;
  throw new TandemError(`Refusing to run model-written commands without a sandbox: ${probe.reason}.`, {
    code: 'SANDBOX_UNAVAILABLE',
    exitCode: EXIT.infrastructure,
    hint: SANDBOX_FIX,
  });
}

function firstLine(text: unknown): string {
  return typeof text === 'string' ? (text.split('\n')[0] ?? '').trim() : '';
}
