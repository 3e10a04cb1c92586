/** An update's new task never overwrites a task that took its id since the update was made (a converge follow-up). */
import { describe, expect, test } from 'vitest';
import { parseTodo, renderTodo, type PlanTask } from '../../plan/index.js';
import { applyRevision } from '../../plan/revision.js';
import { reviseTodoText } from '../../plan/revision-text.js';
import { thrown } from '../support/thrown.js';

const BEFORE = `# Plan: Greek letters

- [x] T1: Write alpha
  - Acceptance:
    - a.txt says alpha
  - Depends on: none
`;

/** The same plan once converge appended its follow-up T2. */
const WITH_FOLLOW_UP = `${BEFORE}- [ ] T2: Write delta
  - Acceptance:
    - d.txt says delta
  - Depends on: none
  - Source: converge round 1
`;

/** What `plan --update` added, made against the plan before the follow-up. */
const ADDED: PlanTask = { id: 'T2', title: 'Write beta', details: '', acceptance: ['b.txt says beta'], dependsOn: ['T1'] };
const revision = { revised: [], added: [ADDED], dropped: [] };

describe('applyRevision and an added id already in the plan', () => {
  test('refuses to overwrite the other task that has it, naming both', () => {
    const error = thrown(() => applyRevision(parseTodo(WITH_FOLLOW_UP), revision));
    expect(error).toMatchObject({ code: 'PLAN_INVALID' });
    expect((error as Error).message).toBe('The updated plan adds T2, but the plan already has a different task T2 ("Write delta").');
    expect(() => reviseTodoText(WITH_FOLLOW_UP, revision)).toThrow(/already has a different task T2/);
  });

  test('takes the same revision applied twice (a retry after a crash) without a change', () => {
    const once = applyRevision(parseTodo(BEFORE), revision);
    expect(once.tasks.map((task) => `${task.id}: ${task.title}`)).toEqual(['T1: Write alpha', 'T2: Write beta']);
    expect(renderTodo(applyRevision(once, revision))).toBe(renderTodo(once));
  });
});
