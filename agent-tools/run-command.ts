/**
 * run_command: a shell command in the workspace, sandboxed as configured. A non-zero
 * exit is reported as a failed tool result with the output tail, so the model sees
 * what broke; a timeout says so and that the process tree was killed.
 */
import { z } from 'zod';
import { runCommand } from '../exec/run-command.js';
import { tool } from './define-tool.js';

export const runCommandTool = tool({
  name: 'run_command',
  description:
    'Run a bash command in the workspace root, e.g. the tests. It usually runs in a sandbox: no network, only the workspace writable (.git excepted), a private /tmp. The result gives the exit code and the tail of stdout and stderr.',
  inputSchema: z.object({
    command: z.string().min(1).describe('The command line, run with bash -c.'),
    timeout_seconds: z.number().positive().optional().describe('Time limit; the command and its children are killed after it.'),
  }),
  mutates: true,
  restoreOnRetry: true,
  longRunning: true,
  describe: (args) => args.command,
  async execute(args, ctx) {
    const ceiling = ctx.maxCommandTimeoutMs ?? ctx.commandTimeoutMs;
    const timeoutMs = Math.min(args.timeout_seconds === undefined ? ctx.commandTimeoutMs : args.timeout_seconds * 1000, ceiling);
    const result = await runCommand({
      command: args.command,
      cwd: ctx.workspace,
      workspace: ctx.workspace,
      timeoutMs,
      sandbox: ctx.sandbox,
      env: ctx.env,
      ...(ctx.envAllow ? { envAllow: ctx.envAllow } : {}),
      ...(ctx.keyVariables ? { keyVariables: ctx.keyVariables } : {}),
      maxOutputBytes: Math.max(ctx.maxOutputBytes - 300, 256), // room for the status line
      ...(ctx.secrets ? { secrets: ctx.secrets } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    const seconds = (result.durationMs / 1000).toFixed(1);
    const status = result.timedOut
      ? `Timed out after ${timeoutMs / 1000} s; the command and all its child processes were killed.` +
        (timeoutMs < ceiling ? ` Pass a larger timeout_seconds (at most ${ceiling / 1000}) if it needs longer.` : '')
      : result.canceled
        ? 'Canceled; the command and all its child processes were killed.'
        : result.exitCode === null
          ? `Ended by signal ${result.signal ?? 'unknown'} after ${seconds} s.`
          : `Exit code ${result.exitCode} after ${seconds} s.`;
    const output = result.output === '' ? '(no output)' : result.output;
    return { ok: result.exitCode === 0 && !result.timedOut, content: `${status}\n${output}` };
  },
});
