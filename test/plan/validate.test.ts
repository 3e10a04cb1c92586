import { describe, expect, test } from 'vitest';
import { describesSeveralFeatures, topologicalOrder, validatePlan, type Plan, type PlanTask } from '../../plan/index.js';

const task = (id: string, extra: Partial<PlanTask> = {}): PlanTask => ({
  id,
  title: `Task ${id}`,
  details: 'Change the thing.',
  acceptance: ['it works'],
  dependsOn: [],
  ...extra,
});
const plan = (...tasks: PlanTask[]): Plan => ({ title: 'A plan', tasks });

describe('validatePlan', () => {
  test('a good plan has no problems', () => {
    expect(validatePlan(plan(task('T1'), task('T2', { dependsOn: ['T1'], files: ['a.ts', 'b.ts'] })))).toEqual([]);
  });

  test('an empty plan', () => {
    expect(validatePlan(plan())).toEqual([{ message: expect.stringMatching(/^The plan has no tasks/) }]);
  });

  test('duplicate ids', () => {
    expect(validatePlan(plan(task('T1'), task('T2'), task('T1')))).toEqual([
      { taskId: 'T1', message: 'The id T1 is used by 2 tasks (tasks number 1, 3); give every task a unique id.' },
    ]);
  });

  test('malformed ids', () => {
    expect(validatePlan(plan(task('1')))[0]?.message).toMatch(/^Task id "1" is not valid; use ids like T1, T2, T3/);
  });

  test('missing dependencies', () => {
    expect(validatePlan(plan(task('T1'), task('T2', { dependsOn: ['T7'] })))).toEqual([
      {
        taskId: 'T2',
        message: 'T2 depends on T7, which is not a task in this plan (the plan has T1, T2); depend only on existing task ids.',
      },
    ]);
  });

  test('a cycle is named by its path', () => {
    const problems = validatePlan(
      plan(task('T1', { dependsOn: ['T3'] }), task('T2'), task('T3', { dependsOn: ['T2', 'T1'] })),
    );
    expect(problems).toEqual([
      {
        taskId: 'T1',
        message: 'Dependency cycle T1 → T3 → T1; remove one of these dependencies so the tasks can run in order.',
      },
    ]);
  });

  test('a self-dependency', () => {
    expect(validatePlan(plan(task('T1', { dependsOn: ['T1'] })))).toEqual([
      { taskId: 'T1', message: 'T1 depends on itself; remove T1 from its own dependsOn.' },
    ]);
  });

  test('missing or empty acceptance criteria', () => {
    expect(validatePlan(plan(task('T1', { acceptance: [] }), task('T2', { acceptance: ['ok', ' '] })))).toEqual([
      {
        taskId: 'T1',
        message:
          'T1 has no acceptance criteria; add at least one checkable criterion (observable behaviour or a command that passes).',
      },
      { taskId: 'T2', message: 'T2 has an empty acceptance criterion; remove it or say what must be true.' },
    ]);
  });

  test('too many files, with a configurable limit', () => {
    const files = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(validatePlan(plan(task('T1', { files })))).toEqual([
      {
        taskId: 'T1',
        message:
          'T1 lists 7 files (limit 6), too many for one reviewed commit; split it into tasks that each change at most 6 files.',
      },
    ]);
    expect(validatePlan(plan(task('T1', { files })), { maxFilesPerTask: 7 })).toEqual([]);
    expect(validatePlan(plan(task('T1', { files: files.slice(0, 6) })))).toEqual([]);
  });

  test('details describing several features', () => {
    const details = 'Build the account area:\n- Add a login page\n- Add a signup page\n- Implement password reset';
    expect(validatePlan(plan(task('T1', { details })))).toEqual([
      {
        taskId: 'T1',
        message:
          'T1 has details describing 3 separate features ("Add a login page", "Add a signup page", "Implement password reset"); split it into one task per feature so each is one reviewed commit.',
      },
    ]);
  });

  test('reports every kind of problem at once', () => {
    const problems = validatePlan(
      plan(task('T1', { acceptance: [], dependsOn: ['T2'] }), task('T2', { dependsOn: ['T1', 'T5'] }), task('T2')),
    );
    expect(problems.map((p) => p.message.split(/[;,]/)[0])).toEqual([
      'The id T2 is used by 2 tasks (tasks number 2',
      'T2 depends on T5',
      'Dependency cycle T1 → T2 → T1',
      'T1 has no acceptance criteria',
    ]);
  });
});

describe('the several-features heuristic', () => {
  test.each([
    'Add a `separator` option to slugify; default to "-".',
    'Add the option. Add tests for it. Add it to the README.',
    '1. Add the `separator` parameter\n2. Add tests for separators\n3. Update the README and the changelog',
    'Implement the retry loop and also add a test for the backoff.',
    'Refactor `parseArgs` to return a result object; update both callers; keep the old export as a wrapper.',
    'Steps:\n- read the config\n- validate it\n- write it back\n- log the result\n- exit',
  ])('does not flag a normal task: %s', (details) => {
    expect(describesSeveralFeatures(details)).toBe(false);
  });

  test.each([
    'Add a login page; add a signup page; implement password reset.',
    'Add CSV export and also add PDF export and also support printing.',
    '* Add dark mode\n* Create a settings page\n* Support keyboard shortcuts\n* Add an onboarding tour',
  ])('flags a bundle: %s', (details) => {
    expect(describesSeveralFeatures(details)).toBe(true);
  });
});

describe('topologicalOrder', () => {
  test('keeps file order when it is already valid', () => {
    const tasks = [task('T1'), task('T2', { dependsOn: ['T1'] }), task('T3')];
    expect(topologicalOrder(tasks).map((t) => t.id)).toEqual(['T1', 'T2', 'T3']);
  });

  test('moves a task after its dependencies, otherwise stable', () => {
    const tasks = [task('T1', { dependsOn: ['T3'] }), task('T2'), task('T3', { dependsOn: ['T2'] }), task('T4')];
    expect(topologicalOrder(tasks).map((t) => t.id)).toEqual(['T2', 'T3', 'T1', 'T4']);
  });

  test('throws PLAN_CYCLE naming the cycle', () => {
    expect(() => topologicalOrder([task('T1', { dependsOn: ['T2'] }), task('T2', { dependsOn: ['T1'] })])).toThrow(
      'The tasks cannot be ordered: dependency cycle T1 → T2 → T1.',
    );
  });
});
