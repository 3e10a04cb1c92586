import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { TandemError } from '../errors/tandem-error.js';
import { parsePort } from '../settings/port.js';

/** Flags every command that may start the local dev server accepts. */
export interface DevServerFlags {
  port?: string;
  uiPort?: string;
}

export function addDevServerFlags(command: Command): Command {
  return command
    .option('--port <port>', 'dev server gRPC port (default: TANDEM_TEMPORAL_PORT or 7233)')
    .option('--ui-port <port>', 'dev server Web UI port (default: TANDEM_TEMPORAL_UI_PORT or 8233)');
}

/** Turns the flags into DevServerOptions fields; throws TandemError `INVALID_PORT` for junk. */
export function devServerOptionsFrom(flags: DevServerFlags): { port?: number; uiPort?: number } {
  return { port: parsePort(flags.port, '--port'), uiPort: parsePort(flags.uiPort, '--ui-port') };
}

export const PLAN_ARGUMENT_HELP = 'the plan file the run was started with (default: TODO.md in the repository root)';

/**
 * `--plan <file>`, kept hidden for scripts written before every run command took the
 * plan as a positional argument (`tandem logs T3 plans/TODO.md`, like `tandem status plans/TODO.md`).
 */
export function addHiddenPlanFlag(command: Command): Command {
  return command.addOption(new Option('--plan <file>', 'deprecated: pass the plan file as an argument').hideHelp());
}

/** The plan path from the positional argument or the old `--plan` flag; both at once must agree. */
export function planFrom(positional: string | undefined, flag: string | undefined, usage: string): string | undefined {
  if (positional !== undefined && flag !== undefined && resolve(positional) !== resolve(flag)) {
    throw new TandemError(`Two different plan files were given: ${positional} and --plan ${flag}.`, {
      code: 'USAGE',
      hint: `Pass the plan once, as an argument: \`${usage}\`.`,
    });
  }
  return positional ?? flag;
}
