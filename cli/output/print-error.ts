import pc from 'picocolors';
import { isTandemError, type ExitCode } from '../../errors/tandem-error.js';
import { debugEnabled } from '../../settings/environment.js';

export interface PrintErrorOptions {
  stream?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

/**
 * Prints an error the way users should see it and returns the exit code to use.
 * TandemError: `error [CODE]: message` and `  hint: ...`. Anything else: one
 * line. Stacks (and causes) only with TANDEM_DEBUG=1.
 */
export function printError(error: unknown, options: PrintErrorOptions = {}): ExitCode {
  const stream = options.stream ?? process.stderr;
  const debug = debugEnabled(options.env ?? process.env);
  const lines: string[] = [];
  let exitCode: ExitCode = 1;
  if (isTandemError(error)) {
    lines.push(`${pc.red('error')} [${error.code}]: ${error.message}`);
    if (error.hint) lines.push(`  ${pc.dim('hint:')} ${error.hint}`);
    exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines.push(`${pc.red('error')}: ${firstLine(message)}`);
    if (!debug) lines.push(pc.dim('  (set TANDEM_DEBUG=1 for details)'));
  }
  if (debug) lines.push(...debugDetails(error));
  stream.write(`${lines.join('\n')}\n`);
  return exitCode;
}

function debugDetails(error: unknown): string[] {
  const details: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    details.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) details.push('caused by:');
  }
  return details;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
