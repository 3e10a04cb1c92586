/**
 * How big a plan one run takes. A run carries its plan and a status row per task
 * in Temporal payloads (the plan as prepareRun's result; plan and rows together
 * in the input of each continue-as-new), and Temporal refuses a payload over 2 MB:
 * a larger plan failed mid-start (TMPRL1103), leaving a branch and a worktree.
 *
 * Measured (docs/runs.md, "How big a plan"): the continue-as-new input is about 20 kB of location and
 * settings, plus the plan's JSON (about its file size), plus about 300 bytes per task.
 * At both limits that is about 1.4 MB; a 1,000-task plan (the bench's 146 kB, or
 * 500 kB with details, acceptance, files and requirements) is well inside both.
 */
import { TandemError } from '../../errors/tandem-error.js';
import { parseTodo } from '../../plan/index.js';

export const MAX_PLAN_BYTES = 800_000;
export const MAX_PLAN_TASKS = 2_000;

/**
 * `text` when a run can carry it; else TandemError `PLAN_TOO_LARGE` (exit 2), before anything
 * starts. Tasks are counted by the parser the run uses, so the limit counts what the run would
 * carry (a task line ending in a lone CR is a task there too); bytes are checked first, so the
 * parser never sees a huge file. A plan that does not parse throws the parser's error.
 */
export function withinPlanLimits(text: string, shown: string): string {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_PLAN_BYTES) throw tooLarge(shown, `is ${bytes} bytes; a run takes plans of up to ${MAX_PLAN_BYTES} bytes`, { bytes });
  const tasks = parseTodo(text, { file: shown }).tasks.length;
  if (tasks > MAX_PLAN_TASKS) throw tooLarge(shown, `has ${tasks} tasks; a run takes plans of up to ${MAX_PLAN_TASKS} tasks`, { bytes, tasks });
  return text;
}

function tooLarge(shown: string, over: string, size: { bytes: number; tasks?: number }): TandemError {
  return new TandemError(`The plan ${shown} ${over} (a run carries its plan in Temporal payloads, which must stay under 2 MB).`, {
    code: 'PLAN_TOO_LARGE',
    hint: 'Split the plan into several plan files and run them one after another (`tandem run plans/part-1.md`, then part-2.md, …).',
    context: { file: shown, ...size },
  });
}
