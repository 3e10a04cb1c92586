/**
 * An error a user can hit and fix: bad config, a bad plan file, a missing key,
 * a dirty tree, an unreachable server. The CLI prints `message` and `hint`,
 * never a stack trace, and exits with `exitCode`.
 */
import type { ErrorCode } from './codes.js';

export type { ErrorCode } from './codes.js';

export type ExitCode = 1 | 2 | 3;

/** Exit codes users and scripts can rely on. */
export const EXIT = {
  ok: 0,
  taskFailures: 1,
  usage: 2,
  infrastructure: 3,
  /** Ctrl-C: this process stopped, the run goes on on the server. */
  interrupted: 130,
} as const;

export interface TandemErrorOptions {
  /** Stable code from errors/codes.ts, e.g. `CONFIG_INVALID`, printed in brackets so users can search for it. */
  code: ErrorCode;
  /** One sentence saying how to fix it. */
  hint?: string;
  /** 2 for usage or config errors (default), 3 when infrastructure is unavailable. */
  exitCode?: ExitCode;
  /** Where it happened: file, line, task id, setting. */
  context?: Record<string, string | number | undefined>;
  cause?: unknown;
}

export class TandemError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;
  readonly context: Record<string, string | number | undefined>;

  constructor(message: string, options: TandemErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TandemError';
    this.code = options.code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.usage;
    this.context = options.context ?? {};
  }
}

export function isTandemError(error: unknown): error is TandemError {
  return error instanceof TandemError;
}
