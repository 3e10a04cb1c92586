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

export const MAX_PLAN_BYTES = 800_000;
export const MAX_PLAN_TASKS = 2_000;

/** A task line as the parser knows one: at column 0, a bullet, then a status mark. */
const TASK_LINE = /^[-*+][ \t]+\[[^\]\n]?\]/gm;

/** `text` when a run can carry it; else TandemError `PLAN_TOO_LARGE` (exit 2), before anything starts. */
export function withinPlanLimits(text: string, shown: string): string {
  const bytes = Buffer.byteLength(text);
  const tasks = text.match(TASK_LINE)?.length ?? 0;
  const over = bytes > MAX_PLAN_BYTES ? `is ${bytes} bytes; a run takes plans of up to ${MAX_PLAN_BYTES} bytes` : tasks > MAX_PLAN_TASKS ? `has ${tasks} tasks; a run takes plans of up to ${MAX_PLAN_TASKS} tasks` : undefined;
  if (over === undefined) return text;
  throw new TandemError(`The plan ${shown} ${over} (a run carries its plan in Temporal payloads, which must stay under 2 MB).`, {
    code: 'PLAN_TOO_LARGE',
    hint: 'Split the plan into several plan files and run them one after another (`tandem run plans/part-1.md`, then part-2.md, …).',
    context: { file: shown, bytes, tasks },
  });
}
