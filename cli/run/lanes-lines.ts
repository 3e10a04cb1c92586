/**
 * A run with lanes (`--parallel`) has several tasks running at once; the task
 * table shows a live step for one of them only, and may scroll some off on a
 * big plan. These lines name every running task, one a line, so a person sees
 * what each lane does. With one running task (every run without lanes) there
 * are none: the single-lane output stays as it was.
 */
import type { RunStatus, TaskProgress } from '../../contracts/run.js';

/**
 * `lanes: 3 running`, then `  T2 Add the parser · implement · step 4 …` for each
 * running task, in plan order; the step where a progress report names that task.
 * Empty when at most one task is running.
 */
export function lanesLines(status: Pick<RunStatus, 'tasks'>, progress: ReadonlyArray<Pick<TaskProgress, 'taskId' | 'step' | 'attempt'>> = []): string[] {
  const running = status.tasks.filter((row) => row.state === 'running');
  if (running.length <= 1) return [];
  return [
    `lanes: ${running.length} running`,
    ...running.map((row) => {
      const live = progress.find((report) => report.taskId === row.id);
      const step = live?.step ? ` · ${live.step}` : '';
      const attempt = live && live.attempt > 1 ? ` · attempt ${live.attempt}` : '';
      return `  ${row.id} ${row.title}${attempt}${step}`;
    }),
  ];
}
