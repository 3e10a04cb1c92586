/**
 * The full kill drill (`npm run drill:kill`): a 10-task run whose worker is
 * SIGKILLed 20 times in a row at random points, restarted each time. The run
 * completes with exactly 10 task commits and at most one model call repeated
 * per kill. DRILL_TASKS, DRILL_KILLS and DRILL_SEED change the figures.
 */
import { expect, it } from 'vitest';
import { formatFigures, runKillDrill } from './kill-drill.js';

const tasks = Number(process.env.DRILL_TASKS ?? 10);
const kills = Number(process.env.DRILL_KILLS ?? 20);
const seed = Number(process.env.DRILL_SEED ?? Date.now() % 1_000_000);

it(`${tasks}-task run, worker SIGKILLed ${kills} times`, async () => {
  const figures = await runKillDrill({ tasks, kills, seed, log: (line) => process.stdout.write(`[drill] ${line}\n`) });
  process.stdout.write(`${formatFigures(figures)}\n`);
  for (const [i, kill] of figures.kills.entries()) {
    process.stdout.write(`  kill ${i + 1}: ${(kill.at / 1000).toFixed(1)} s, after call ${kill.afterCalls}, during ${kill.during}, repeated: ${kill.repeated.join(', ') || 'none'}\n`);
  }
  expect(figures.kills).toHaveLength(kills);
  expect(figures.final.exitCode, figures.final.stdout + figures.final.stderr).toBe(0);
  expect(figures.commits).toEqual(Array.from({ length: tasks }, (_, i) => `T${i + 1}: Write file ${i + 1}`));
  expect(figures.taskCommits).toBe(tasks);
  expect(await figures.repo.git('status', '--porcelain')).toBe('');
  for (const kill of figures.kills) expect(kill.repeated.length).toBeLessThanOrEqual(1);
});
