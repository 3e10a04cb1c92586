/** The run's side of `tandem plan --update`, without Temporal: what its validator refuses, and how its state takes a revision. */
import { describe, expect, it } from 'vitest';
import { planUpdateRefusal } from '../../workflows/plan-update.js';
import { initialRow, RunState } from '../../workflows/run-state.js';
import { ZERO_SPEND, type PlanTaskInput } from '../../contracts/run.js';
import type { PlanUpdateRequest } from '../../contracts/plan-update.js';
import type { PlanTask } from '../../plan/schema.js';

const task = (id: string, dependsOn: string[] = []): PlanTaskInput => ({ id, title: `Write ${id}`, details: '', acceptance: [`${id} exists`], dependsOn });
const planned = (): PlanTaskInput[] => [task('T1'), task('T2', ['T1']), task('T3')];

/** T1 committed, T2 running, T3 pending. */
function midRun(plan: PlanTaskInput[]) {
  const state = new RunState({ tasks: plan.map((t) => initialRow(t, 'pending')), unmarkedSkips: [], expectedHead: 'base', spend: ZERO_SPEND, budget: {} }, plan);
  state.record({ taskId: 'T1', status: 'committed', sha: 'sha-T1', attempts: 1, spend: ZERO_SPEND }, 1);
  state.start('T2', 2);
  return state;
}

const revised = (id: string, change: Partial<PlanTask> = {}): PlanTask => ({ ...task(id), details: '', title: `Rewrite ${id}`, ...change });
const request = (revision: Partial<PlanUpdateRequest['revision']>): PlanUpdateRequest => ({
  revision: { revised: [], added: [], dropped: [], ...revision },
  summary: 'test',
});

describe('planUpdateRefusal: what a run in progress will not take', () => {
  const plan = planned();
  const state = midRun(plan);

  it('takes a revision of a pending task and a new task', () => {
    expect(planUpdateRefusal(state, plan, request({ revised: [revised('T3')], added: [{ ...task('T4', ['T2']), details: '' }] }))).toBeUndefined();
  });

  it('refuses to change the running task, or to drop it', () => {
    expect(planUpdateRefusal(state, plan, request({ revised: [revised('T2')] }))).toMatch(/^T2 is running now and the update would change it/);
    expect(planUpdateRefusal(state, plan, request({ dropped: [{ id: 'T2', reason: 'gone' }] }))).toMatch(/^T2 is running now/);
  });

  it('refuses to change a done task', () => {
    expect(planUpdateRefusal(state, plan, request({ revised: [revised('T1')] }))).toMatch(/^T1 is done \(committed\).*add a new task that revises it instead/);
  });

  it('refuses colliding ids', () => {
    expect(planUpdateRefusal(state, plan, request({ added: [{ ...task('T3'), details: '' }] }))).toMatch(/the new task T3 has the id of a task already in the plan \(ids collide\)/);
    const twice = { ...task('T4'), details: '' };
    expect(planUpdateRefusal(state, plan, request({ added: [twice, twice] }))).toMatch(/two new tasks have the id T4/);
  });

  it('refuses a dependency cycle or an unknown dependency', () => {
    const cycle = request({ revised: [revised('T3', { dependsOn: ['T4'] })], added: [{ ...task('T4', ['T3']), details: '' }] });
    expect(planUpdateRefusal(state, plan, cycle)).toMatch(/dependency cycle T3 → T4 → T3/);
    expect(planUpdateRefusal(state, plan, request({ added: [{ ...task('T4', ['T9']), details: '' }] }))).toMatch(/T4 would depend on T9/);
  });

  it('refuses any update while the converge review reads the branch, and takes it once the review has finished', () => {
    const state = midRun(planned());
    const update = request({ revised: [revised('T3')] });
    state.converge = { round: 1, rounds: 2, state: 'reviewing', missing: [], followUps: [] };
    expect(planUpdateRefusal(state, plan, update)).toBe('the converge review is reading the branch; try again when it has finished');
    state.converge = { round: 1, rounds: 2, state: 'following-up', missing: ['R4 (missing): d.txt'], followUps: ['T4'] };
    expect(planUpdateRefusal(state, plan, update)).toBeUndefined();
  });

  it('refuses, when checked again at the task boundary, a new task whose id a converge follow-up took since', () => {
    const plan = planned();
    const state = midRun(plan);
    const update = request({ added: [{ ...task('T4'), details: '' }] });
    expect(planUpdateRefusal(state, plan, update)).toBeUndefined();
    // Converge appends its follow-up T4 to the run's plan (the state's plan is the run's array).
    state.appendTasks([task('T4')]);
    expect(planUpdateRefusal(state, plan, update)).toMatch(/the new task T4 has the id of a task already in the plan \(ids collide\)/);
  });

  it('refuses an update that changes nothing', () => {
    expect(planUpdateRefusal(state, plan, request({}))).toBe('the update changes no task');
  });
});

describe('RunState.revise', () => {
  it('retitles, skips dropped tasks with the reason, adds new tasks pending, and leaves done and running tasks alone', () => {
    const plan = planned();
    const state = midRun(plan);
    plan.push(task('T4', ['T3']));
    state.revise({ retitled: [{ id: 'T3', title: 'Write T3 better' }], skipped: [{ id: 'T1', reason: 'x' }], added: [{ id: 'T4', title: 'Write T4' }] });
    const rows = state.status('run', 'running').tasks;
    expect(rows.map((row) => [row.id, row.state, row.title])).toEqual([
      ['T1', 'committed', 'Write T1'],
      ['T2', 'running', 'Write T2'],
      ['T3', 'pending', 'Write T3 better'],
      ['T4', 'pending', 'Write T4'],
    ]);
    state.revise({ retitled: [], skipped: [{ id: 'T3', reason: 'dropped when the plan was updated: gone' }], added: [] });
    expect(state.row('T3')).toMatchObject({ state: 'skipped', reason: 'dropped when the plan was updated: gone' });
    state.record({ taskId: 'T2', status: 'committed', sha: 'sha-T2', attempts: 1, spend: ZERO_SPEND }, 3);
    // T4 depended on the dropped T3: skipped counts as out of the way, like a skip by the user.
    expect(state.nextRunnable()).toBe('T4');
  });
});
