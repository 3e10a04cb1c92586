/**
 * `tandem trace <file[:line] | task | requirement>`: "why is this line here?"
 * and "where is this requirement done?", from the run branch's commits (their
 * Tandem trailers) and the run's journal. Reads only: no server, no keys.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { relativeInside } from '../workspace.js';
import { traceContext, type TraceFlags } from '../trace/trace-context.js';
import { fileOnBranch, parseFileTarget, traceFile } from '../trace/trace-file.js';
import { branchFacts, isKnownTask, traceRequirement, traceTask } from '../trace/trace-ids.js';
import { renderTrace } from '../trace/render-trace.js';
import type { TraceAnswer } from '../trace/trace-types.js';

export function registerTraceCommand(program: Command): void {
  program
    .command('trace')
    .description('why is this line here, and where is this requirement done: the commit, its task, acceptance, requirements and reviews')
    .argument('<target>', 'a file or file:line, a task id (T3) or a requirement id (R2, REQ-3)')
    .option('--branch <name>', "the branch to trace (default: the plan's run branch, else the current branch)")
    .option('--plan <file>', 'the plan file of the run (default: TODO.md in the repository root)')
    .option('--json', 'print the answer as JSON')
    .addHelpText(
      'after',
      '\nA file is traced with git blame on the run branch; a requirement through the Tandem-Requirements trailers of the task commits and the converge review.\n\nExamples:\n  tandem trace src/slug.ts:12\n  tandem trace R2\n  tandem trace T3 --json\n',
    )
    .action(async (target: string, flags: TraceFlags) => {
      const answer = await trace(target, flags);
      process.stdout.write(flags.json ? `${JSON.stringify(answer, null, 2)}\n` : renderTrace(answer));
    });
}

/** The answer for `target`; exported for tests. A file wins over an id, a task id over a requirement id. */
export async function trace(target: string, flags: TraceFlags, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<TraceAnswer> {
  const ctx = await traceContext(flags, cwd, env);
  const file = parseFileTarget(target);
  const relPath = await fileOnBranch(ctx, file.path);
  if (relPath !== undefined) return traceFile(ctx, relPath, file.line, file.lineText);
  // `a.ts:-1`, `a.ts:x`: a file, then something that is no line number.
  const lineless = /^(.+):([^:/\\]*)$/.exec(target);
  const linelessPath = lineless ? await fileOnBranch(ctx, lineless[1]!) : undefined;
  if (linelessPath !== undefined) return traceFile(ctx, linelessPath, Number.NaN, lineless![2]!);
  if (file.line !== undefined || /[/\\]/.test(target)) {
    // Shaped like a file, and not one: say so rather than look for a requirement named `src/a.ts:3`.
    return traceFile(ctx, relativeInside(ctx.repo, resolve(cwd, file.path), 'file'), file.line);
  }
  const facts = await branchFacts(ctx);
  return isKnownTask(facts, target) ? traceTask(ctx, facts, target) : traceRequirement(ctx, facts, target);
}
