/**
 * The kill drill with lanes (`npm run drill:kill -- kill-parallel`): 12
 * independent tasks with `--parallel 4`, the worker SIGKILLed 10 times at
 * random points and restarted each time. The run completes with exactly 12
 * task commits on a linear branch, and each kill makes the run pay again for
 * one model call at most (issue 13): the lanes' calls in flight are made by the
 * call keeper (docs/call-keeper.md), which the kill does not reach, and the
 * restarted worker collects their answers. DRILL_TASKS, DRILL_KILLS, DRILL_PARALLEL and DRILL_SEED change the figures.
 */
import { expect, it } from 'vitest';
import { formatFigures, runKillDrill } from './kill-drill.js';

const tasks = Number(process.env.DRILL_TASKS ?? 12);
const kills = Number(process.env.DRILL_KILLS ?? 10);
const parallel = Number(process.env.DRILL_PARALLEL ?? 4);
const seed = Number(process.env.DRILL_SEED ?? Date.now() % 1_000_000);

it(`${tasks}-task run with --parallel ${parallel}, worker SIGKILLed ${kills} times`, async () => {
  const figures = await runKillDrill({ tasks, kills, seed, parallel, log: (line) => process.stdout.write(`[drill] ${line}\n`) });
  process.stdout.write(`${formatFigures(figures)}\n`);
  for (const [i, kill] of figures.kills.entries()) {
    process.stdout.write(`  kill ${i + 1}: ${(kill.at / 1000).toFixed(1)} s, after call ${kill.afterCalls}, ${kill.inFlight} in flight, repeated: ${kill.repeated.join(', ') || 'none'}\n`);
  }
  expect(figures.final.exitCode, figures.final.stdout + figures.final.stderr).toBe(0);
  expect(figures.taskCommits).toBe(tasks);
  expect([...figures.commits].sort()).toEqual(Array.from({ length: tasks }, (_, i) => `T${i + 1}: Write file ${i + 1}`).sort());
  expect(await figures.repo.git('rev-list', '--merges', 'main..tandem/kill-drill')).toBe('');
  // The user's checkout is never touched, and no worktree outlives the run.
  expect(await figures.repo.git('status', '--porcelain')).toBe('');
  expect((await figures.repo.git('worktree', 'list', '--porcelain')).match(/^worktree /gm)).toHaveLength(1);
  for (const kill of figures.kills) expect(kill.repeated.length).toBeLessThanOrEqual(1);
});
