import { describe, expect, test } from 'vitest';
import { parseTodo, setTaskStatus, setTaskStatusInValidPlan, TodoParseError } from '../../plan/index.js';
import { CANONICAL, HAND_WRITTEN } from './examples.js';

/** Lines of `after` that differ from `before`, as [line number, before, after]. */
function changedLines(before: string, after: string): Array<[number, string | undefined, string | undefined]> {
  const a = before.split('\n');
  const b = after.split('\n');
  const out: Array<[number, string | undefined, string | undefined]> = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push([i + 1, a[i], b[i]]);
  return out;
}

describe('setTaskStatus', () => {
  test('marking a task done changes only its checkbox', () => {
    const after = setTaskStatus(CANONICAL, 'T1', 'done');
    expect(changedLines(CANONICAL, after)).toEqual([
      [5, '- [ ] T1: Add a `separator` option', '- [x] T1: Add a `separator` option'],
    ]);
    expect(parseTodo(after).tasks[0]?.status).toBe('done');
  });

  test('a failure reason is inserted right below the task line', () => {
    const after = setTaskStatus(CANONICAL, 'T2', 'failed', 'tests failed 3 times:\n  expected a_b');
    expect(after).toBe(
      CANONICAL.replace(
        '- [ ] T2: Document the option in README\n',
        '- [!] T2: Document the option in README\n  - Reason: tests failed 3 times: expected a_b\n',
      ),
    );
    expect(parseTodo(after).tasks[1]).toMatchObject({ status: 'failed', reason: 'tests failed 3 times: expected a_b' });
  });

  test('an existing reason is replaced, then removed when the task is retried and done', () => {
    const failed = setTaskStatus(CANONICAL, 'T1', 'failed', 'first reason');
    const skipped = setTaskStatus(failed, 'T1', 'skipped', 'second reason');
    expect(changedLines(failed, skipped)).toEqual([
      [5, '- [!] T1: Add a `separator` option', '- [-] T1: Add a `separator` option'],
      [6, '  - Reason: first reason', '  - Reason: second reason'],
    ]);
    expect(setTaskStatus(skipped, 'T1', 'done')).toBe(CANONICAL.replace('- [ ] T1', '- [x] T1'));
  });

  test('hand-written formatting, CRLF and a byte-order mark are kept byte for byte', () => {
    const text = `\uFEFF${HAND_WRITTEN.replace(/\n/g, '\r\n')}`;
    const after = setTaskStatus(text, 'T1a', 'failed', 'broke the build');
    expect(after).toBe(
      text.replace('* [ ] T1a: Docs', '* [!] T1a: Docs').replace('    * Reason: waiting for review', '    * Reason: broke the build'),
    );
    // The first field's prefix (`    * `) is reused for a new Reason line.
    const t1 = setTaskStatus(text, 'T1', 'failed', 'nope');
    expect(t1).toBe(text.replace('* [X] T1: Add a separator option   \r\n', '* [!] T1: Add a separator option   \r\n    * Reason: nope\r\n'));
  });

  test('an unchanged mark is left as written', () => {
    expect(setTaskStatus(HAND_WRITTEN, 'T1', 'done')).toBe(HAND_WRITTEN);
    expect(setTaskStatus(HAND_WRITTEN, 'T2', 'skipped', 'not needed')).toBe(HAND_WRITTEN);
  });

  test('works on the last line of a file without a final newline', () => {
    expect(setTaskStatus('- [ ] T1: a', 'T1', 'failed', 'why')).toBe('- [!] T1: a\n  - Reason: why');
    expect(setTaskStatus('- [!] T1: a\n  - Reason: why', 'T1', 'pending')).toBe('- [ ] T1: a');
    expect(setTaskStatus('- [!] T1: a\n  - Reason: why', 'T1', 'failed', 'other')).toBe('- [!] T1: a\n  - Reason: other');
  });

  test('a reason spanning continuation lines is replaced as a whole', () => {
    const text = '- [!] T1: a\n  - Reason: first\n    second\n  - Depends on: none\n';
    expect(setTaskStatus(text, 'T1', 'failed', 'new')).toBe('- [!] T1: a\n  - Reason: new\n  - Depends on: none\n');
  });

  test('an unknown task id is a clear error', () => {
    expect(() => setTaskStatus(CANONICAL, 'T9', 'done')).toThrow(TodoParseError);
    expect(() => setTaskStatus(CANONICAL, 'T9', 'done')).toThrow('TODO.md has no task T9 (it has T1, T2).');
  });

  test('a malformed file is refused rather than edited', () => {
    expect(() => setTaskStatus('- [ ] T1: a\n  - Depends on: T2\n', 'T1', 'done')).toThrow(/T1 depends on T2/);
  });

  test('in a plan known to be valid, an unknown task id is the same clear error', () => {
    expect(() => setTaskStatusInValidPlan(CANONICAL, 'T9', 'done')).toThrow('TODO.md has no task T9 (it has T1, T2).');
    expect(setTaskStatusInValidPlan(CANONICAL, 'T2', 'done', undefined, { file: 'plan.md' })).toBe(setTaskStatus(CANONICAL, 'T2', 'done'));
  });
});
