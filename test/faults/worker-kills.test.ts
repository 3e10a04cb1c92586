/**
 * Process faults, the CI-sized kill drill: a 4-task run whose worker is
 * SIGKILLed 3 times at random points and restarted each time. The run
 * completes with exactly 4 task commits, and each kill made the run send at
 * most one model call again (the one in flight). The 20-kill, 10-task drill
 * is `npm run drill:kill` (test/drills/kill.drill.ts).
 *
 * Server faults (the Temporal dev server stopped and started again mid-run)
 * are test/run/server-restart.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatFigures, runKillDrill, type KillDrillFigures } from '../drills/kill-drill.js';

const TASKS = 4;
const KILLS = 3;

describe('the worker SIGKILLed at random points, 3 times in a row', () => {
  let figures: KillDrillFigures;
  let about: string;

  beforeAll(async () => {
    figures = await runKillDrill({ tasks: TASKS, kills: KILLS, seed: Date.now() % 1_000_000 });
    about = formatFigures(figures);
  }, 240_000);

  it('killed it 3 times, and the last restart completed the run', () => {
    expect(figures.kills, about).toHaveLength(KILLS);
    expect(figures.final.exitCode, `${about}\n${figures.final.stdout}${figures.final.stderr}`).toBe(0);
    expect(figures.final.stdout).toMatch(/^Attached to tandem\/run\//m);
  });

  it('made exactly one commit per task', async () => {
    expect(figures.commits, about).toEqual(['T1: Write file 1', 'T2: Write file 2', 'T3: Write file 3', 'T4: Write file 4']);
    expect(figures.taskCommits).toBe(TASKS);
    expect(await figures.repo.git('status', '--porcelain')).toBe('');
  });

  it('repeated at most one model call per kill', () => {
    for (const kill of figures.kills) expect(kill.repeated.length, about).toBeLessThanOrEqual(1);
    const repeated = figures.kills.reduce((sum, kill) => sum + kill.repeated.length, 0);
    expect(figures.modelCalls, about).toBe(figures.minimumModelCalls + repeated);
  });
});
