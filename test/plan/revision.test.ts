import { describe, expect, test } from 'vitest';
import { parseTodo, renderTodo, todoTaskToPlan, todoToPlan, type PlanTask } from '../../plan/index.js';
import { applyRevision, planRevision, type PlanProposal } from '../../plan/revision.js';
import { describeRevision, revisedGraphProblems, revisionProblems } from '../../plan/revision-problems.js';
import { reviseTodoText } from '../../plan/revision-text.js';

const TODO = `# Plan: Greetings

> Source: design.md (sha256 0123abcd…) · planner openai:gpt-5

- [x] T1: Add greet()
  - Details: greet(name) returns "Hello, name".
  - Acceptance:
    - greet('a') returns "Hello, a"
  - Depends on: none
  - Files: src/greet.ts
  - Owner: alice
- [ ] T2: Add farewell()
  - Details: farewell(name) returns "Bye, name".
  - Acceptance:
    - farewell('a') returns "Bye, a"
  - Depends on: T1
  - Requirements: R2
- [!] T3: Document greet
  - Reason: tests failed 3 times
  - Acceptance:
    - README mentions greet
  - Depends on: T1

## Later

- [ ] T4: Translate greetings
  - Acceptance:
    - greet works in French
  - Depends on: T1
`;

const current = parseTodo(TODO);
/** The plan as the planner sees it: every task, unchanged. */
const echo = (): PlanTask[] => todoToPlan(current).tasks;
const proposal = (tasks: PlanTask[], dropped: PlanProposal['dropped'] = []): PlanProposal => ({ title: 'Greetings', tasks, dropped });
const withTask = (id: string, change: Partial<PlanTask>) => echo().map((task) => (task.id === id ? { ...task, ...change } : task));
const T5: PlanTask = { id: 'T5', title: 'Add wave()', details: 'wave() returns a hand.', acceptance: ['wave() returns "👋"'], dependsOn: ['T2'] };

describe('planRevision and applyRevision', () => {
  test('an echo of the current plan is no revision, and applying it gives the same bytes', () => {
    const { revision, refused } = planRevision(current, proposal(echo()));
    expect(revision).toEqual({ revised: [], added: [], dropped: [] });
    expect(refused).toEqual([]);
    expect(renderTodo(applyRevision(current, revision))).toBe(TODO);
  });

  test('a pending task is revised in place: id and mark stay, prose and unknown fields around it stay', () => {
    const { revision } = planRevision(current, proposal(withTask('T2', { title: 'Add farewell(name, {formal})', acceptance: ["farewell('a', {formal: true}) returns \"Goodbye, a\""] })));
    expect(revision.revised.map((task) => task.id)).toEqual(['T2']);
    const text = renderTodo(applyRevision(current, revision));
    expect(text).toContain('- [ ] T2: Add farewell(name, {formal})\n  - Details: farewell(name) returns "Bye, name".\n  - Acceptance:\n    - farewell(\'a\', {formal: true}) returns "Goodbye, a"\n');
    expect(text.replace(/- \[ \] T2[\s\S]*?(?=- \[!\] T3)/, '')).toBe(TODO.replace(/- \[ \] T2[\s\S]*?(?=- \[!\] T3)/, ''));
  });

  test('a done task keeps its id, title, mark and every field byte for byte, whatever the planner wrote', () => {
    const edited = withTask('T1', { title: 'Add greet() with a comma', acceptance: ['greet changed'] });
    const { revision, refused } = planRevision(current, proposal([...edited, T5]));
    expect(revision.revised).toEqual([]);
    expect(refused).toEqual([{ taskId: 'T1', message: expect.stringContaining('T1, which is done ([x]): its commit is history') }]);
    expect(refused[0]?.message).toContain('add a new task (e.g. "Revise T1 for …")');
    const text = renderTodo(applyRevision(current, revision));
    const t1 = TODO.slice(TODO.indexOf('- [x] T1'), TODO.indexOf('- [ ] T2'));
    expect(text).toContain(t1);
  });

  test('a done task cannot be dropped either', () => {
    const { revision, refused } = planRevision(current, proposal(echo().filter((task) => task.id !== 'T1'), [{ id: 'T1', reason: 'no longer wanted' }]));
    expect(revision.dropped).toEqual([]);
    expect(refused[0]?.message).toMatch(/drops T1, which is done/);
  });

  test('new tasks are appended after the last task, pending, with the ids the plan does not use yet', () => {
    const { revision } = planRevision(current, proposal([...echo(), T5]));
    expect(revision.added.map((task) => task.id)).toEqual(['T5']);
    const doc = applyRevision(current, revision, { source: 'design.md (sha256 99999999…) · updated' });
    expect(doc.tasks.map((task) => `${task.id}:${task.status}`)).toEqual(['T1:done', 'T2:pending', 'T3:failed', 'T4:pending', 'T5:pending']);
    const text = renderTodo(doc);
    expect(text).toContain('> Source: design.md (sha256 99999999…) · updated');
    expect(text.endsWith('- [ ] T5: Add wave()\n  - Details: wave() returns a hand.\n  - Acceptance:\n    - wave() returns "👋"\n  - Depends on: T2\n')).toBe(true);
    expect(parseTodo(text).tasks).toHaveLength(5);
  });

  test('requirements travel with the plan: an appended task keeps them, a change to them alone is a revision, silence keeps them', () => {
    const { revision } = planRevision(current, proposal([...echo(), { ...T5, requirements: ['R3'] }]));
    const doc = applyRevision(current, revision);
    expect(todoTaskToPlan(doc.tasks.at(-1)!)).toMatchObject({ id: 'T5', requirements: ['R3'] });
    expect(renderTodo(doc)).toContain('  - Depends on: T2\n  - Requirements: R3\n');

    const moved = planRevision(current, proposal(withTask('T2', { requirements: ['R2', 'R3'] }))).revision;
    expect(moved.revised.map((task) => task.id)).toEqual(['T2']);
    expect(applyRevision(current, moved).tasks.find((task) => task.id === 'T2')?.requirements).toEqual(['R2', 'R3']);
    expect(reviseTodoText(TODO, moved)).toContain('  - Depends on: T1\n  - Requirements: R2, R3\n- [!] T3');

    const silent = withTask('T2', { title: 'Add farewell v2' }).map(({ requirements: _none, ...task }) => task);
    const kept = applyRevision(current, planRevision(current, proposal(silent)).revision);
    expect(kept.tasks.find((task) => task.id === 'T2')).toMatchObject({ title: 'Add farewell v2', requirements: ['R2'] });
    expect(planRevision(current, proposal(echo().map(({ requirements: _none, ...task }) => task))).revision).toEqual({ revised: [], added: [], dropped: [] });
  });

  test('failed and skipped tasks keep their ids, marks and reasons when revised', () => {
    const { revision } = planRevision(current, proposal(withTask('T3', { title: 'Document greet and farewell' })));
    const t3 = applyRevision(current, revision).tasks.find((task) => task.id === 'T3');
    expect(t3).toMatchObject({ id: 'T3', status: 'failed', reason: 'tests failed 3 times', title: 'Document greet and farewell' });
  });

  test('a dropped pending task becomes [-] with the reason, keeping its id; tasks depending on it still resolve', () => {
    const { revision } = planRevision(current, proposal(echo().filter((task) => task.id !== 'T4'), [{ id: 'T4', reason: 'the design no longer asks for French' }]));
    expect(revision.dropped).toEqual([{ id: 'T4', reason: 'the design no longer asks for French' }]);
    const text = renderTodo(applyRevision(current, revision));
    expect(text).toContain('- [-] T4: Translate greetings\n  - Reason: dropped when the plan was updated: the design no longer asks for French\n');
  });

  test('a task the proposal leaves out is kept as it is', () => {
    const { revision } = planRevision(current, proposal(echo().filter((task) => task.id !== 'T2')));
    expect(revision).toEqual({ revised: [], added: [], dropped: [] });
    expect(renderTodo(applyRevision(current, revision))).toBe(TODO);
  });

  test('applying a revision twice gives the same document (the run applies it again after a crash)', () => {
    const { revision } = planRevision(current, proposal([...withTask('T2', { title: 'Add farewell v2' }).filter((task) => task.id !== 'T4'), T5], [{ id: 'T4', reason: 'gone' }]));
    const once = applyRevision(current, revision);
    expect(renderTodo(applyRevision(once, revision))).toBe(renderTodo(once));
    expect(describeRevision(revision)).toBe('revised T2 · added T5 · dropped T4');
  });
});

describe('revisionProblems: feedback for the planner', () => {
  test('none for a clean revision', () => {
    expect(revisionProblems(current, proposal([...withTask('T2', { title: 'Add farewell v2' }), T5]))).toEqual([]);
  });

  test('names an edited done task, a left-out task, and a cycle through the revised tasks', () => {
    const tasks = withTask('T1', { title: 'Rewrite greet' })
      .filter((task) => task.id !== 'T4')
      .map((task) => (task.id === 'T2' ? { ...task, dependsOn: ['T5'] } : task));
    const problems = revisionProblems(current, proposal([...tasks, { ...T5, dependsOn: ['T2'] }]));
    const text = problems.map((problem) => problem.message).join('\n');
    expect(text).toContain('changes T1, which is done');
    expect(text).toContain('leaves out T4');
    expect(text).toMatch(/Dependency cycle T2 → T5 → T2|Dependency cycle T5 → T2 → T5/);
  });

  test('graph problems of a revised plan read as sentences', () => {
    expect(revisedGraphProblems([{ id: 'T1', dependsOn: ['T9'] }, { id: 'T2', dependsOn: ['T3'] }, { id: 'T3', dependsOn: ['T2'] }])).toEqual([
      'T1 would depend on T9, which is not a task in the plan',
      'the plan would have a dependency cycle T2 → T3 → T2',
    ]);
  });
});

describe('reviseTodoText: the revision as a minimal edit of the file', () => {
  const HAND = [
    '# Greetings',
    '',
    'Notes for the team.',
    '',
    '* [X] T1: Add greet()',
    '    * acceptance criteria:',
    '        1. greet works',
    '',
    '    * Depends: none',
    '* [ ] T2: Add farewell()',
    '    * Acceptance: farewell works',
    '    * Deps: `T1`',
    '',
    '## Notes',
    '',
    'Keep it small.',
    '',
  ].join('\r\n');

  test('a hand-written done task, the prose and the CRLF line endings stay byte for byte; only the revised task is rewritten', () => {
    const doc = parseTodo(HAND);
    const { revision } = planRevision(doc, proposal([...todoToPlan(doc).tasks.map((t) => (t.id === 'T2' ? { ...t, title: 'Add farewell(name)' } : t)), { ...T5, dependsOn: ['T1'] }]));
    const text = reviseTodoText(HAND, revision, { source: 'design.md (sha256 99999999…)' });
    expect(text).toBe(
      [
        '# Greetings',
        '',
        '> Source: design.md (sha256 99999999…)',
        '',
        'Notes for the team.',
        '',
        '* [X] T1: Add greet()',
        '    * acceptance criteria:',
        '        1. greet works',
        '',
        '    * Depends: none',
        '- [ ] T2: Add farewell(name)',
        '  - Acceptance:',
        '    - farewell works',
        '  - Depends on: T1',
        '- [ ] T5: Add wave()',
        '  - Details: wave() returns a hand.',
        '  - Acceptance:',
        '    - wave() returns "👋"',
        '  - Depends on: T1',
        '',
        '## Notes',
        '',
        'Keep it small.',
        '',
      ].join('\r\n'),
    );
  });

  test('on a canonical file it writes what renderTodo writes', () => {
    const { revision } = planRevision(current, proposal([...withTask('T2', { title: 'Add farewell v2' }).filter((t) => t.id !== 'T4'), T5], [{ id: 'T4', reason: 'gone' }]));
    expect(reviseTodoText(TODO, revision, { source: 'x' })).toBe(renderTodo(applyRevision(current, revision, { source: 'x' })));
  });
});
