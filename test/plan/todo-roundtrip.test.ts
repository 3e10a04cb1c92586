import { describe, expect, test } from 'vitest';
import { parseTodo, renderTodo, taskStatuses, todoToPlan } from '../../plan/index.js';
import { CANONICAL, HAND_WRITTEN, HAND_WRITTEN_CANONICAL } from './examples.js';

const roundTrip = (text: string): string => renderTodo(parseTodo(text));

describe('canonical TODO.md', () => {
  test('parse → render is byte-identical', () => {
    expect(roundTrip(CANONICAL)).toBe(CANONICAL);
  });

  test('parses every field of the spec example', () => {
    const doc = parseTodo(CANONICAL);
    expect(doc.title).toBe('Add options to slugify');
    expect(doc.source).toMatch(/^design\.md \(sha256 3f2a…\) · planner openai:gpt-5/);
    expect(todoToPlan(doc)).toEqual({
      title: 'Add options to slugify',
      tasks: [
        {
          id: 'T1',
          title: 'Add a `separator` option',
          details: 'Free text, which may continue on further indented lines.',
          acceptance: ["`slugify('a b', {separator: '_'})` returns `a_b`", 'existing tests still pass'],
          verify: 'npm test',
          dependsOn: [],
          files: ['src/slugify.ts', 'test/slugify.test.ts'],
          requirements: ['R1', 'R2'],
        },
        { id: 'T2', title: 'Document the option in README', details: '', acceptance: [], dependsOn: ['T1'] },
      ],
    });
    expect(doc.tasks.map((task) => task.line)).toEqual([5, 14]);
  });

  test('CRLF line endings and a byte-order mark parse the same', () => {
    expect(parseTodo(`\uFEFF${CANONICAL.replace(/\n/g, '\r\n')}`)).toEqual(parseTodo(CANONICAL));
  });
});

describe('hand-written TODO.md', () => {
  test('is normalised to the documented canonical form', () => {
    expect(roundTrip(HAND_WRITTEN)).toBe(HAND_WRITTEN_CANONICAL);
  });

  test('a heading with no title stays in the preamble, so the first heading with one is the title, once and for all', () => {
    // fast-check found this one: taken as an empty title, the first `#` rendered as nothing and the second became the title.
    for (const input of ['#\n#\n- [ ] T1: a', '# Plan:\n# Real title\n\n- [ ] T1: a']) {
      const once = renderTodo(parseTodo(input));
      expect(renderTodo(parseTodo(once))).toBe(once);
    }
    expect(parseTodo('# Plan:\n# Real title\n\n- [ ] T1: a').title).toBe('Real title');
    expect(parseTodo('#\n#\n- [ ] T1: a')).toMatchObject({ title: '', preamble: '#\n#' });
  });

  test('normalisation is stable', () => {
    expect(roundTrip(HAND_WRITTEN_CANONICAL)).toBe(HAND_WRITTEN_CANONICAL);
  });

  test('statuses, reasons and unknown fields are read', () => {
    const doc = parseTodo(HAND_WRITTEN);
    expect(taskStatuses(doc)).toEqual([
      { id: 'T1', status: 'done' },
      { id: 'T1a', status: 'pending', reason: 'waiting for review' },
      { id: 'T2', status: 'skipped', reason: 'not needed' },
    ]);
    expect(doc.tasks[0]?.extra).toEqual([{ name: 'Owner', value: 'alice' }]);
    expect(doc.preamble).toBe('Some intro written by hand.');
  });

  test('multi-line and list-shaped details keep their shape', () => {
    const text = [
      '- [ ] T1: Steps',
      '  - Details:',
      '    - add the option',
      '      (and its type)',
      '',
      '    Then wire it:',
      '        code block',
      '- [ ] T2: Next',
      '  - Details: first line',
      '',
      '    second paragraph',
      '',
    ].join('\n');
    const doc = parseTodo(text);
    expect(doc.tasks[0]?.details).toBe('- add the option\n  (and its type)\n\nThen wire it:\n    code block');
    expect(doc.tasks[1]?.details).toBe('first line\n\nsecond paragraph');
    const once = renderTodo(doc);
    expect(roundTrip(once)).toBe(once);
    expect(once).toContain('  - Details:\n    - add the option\n      (and its type)\n\n    Then wire it:\n        code block\n');
  });
});

describe('statuses and reasons', () => {
  test.each([
    [' ', 'pending'],
    ['x', 'done'],
    ['X', 'done'],
    ['!', 'failed'],
    ['-', 'skipped'],
    ['', 'pending'],
  ])('[%s] is %s', (mark, status) => {
    expect(parseTodo(`- [${mark}] T1: a task\n`).tasks[0]?.status).toBe(status);
  });

  test('every status and a reason round-trip', () => {
    const text = [
      '- [ ] T1: pending',
      '  - Depends on: none',
      '- [x] T2: done',
      '  - Depends on: none',
      '- [!] T3: failed',
      '  - Reason: tests still fail after 3 attempts: expected "a_b", got "a-b"',
      '  - Depends on: T1',
      '- [-] T4: skipped',
      '  - Reason: skipped by user',
      '  - Depends on: T3',
      '',
    ].join('\n');
    expect(roundTrip(text)).toBe(text);
    expect(parseTodo(text).tasks.map((task) => [task.status, task.reason])).toEqual([
      ['pending', undefined],
      ['done', undefined],
      ['failed', 'tests still fail after 3 attempts: expected "a_b", got "a-b"'],
      ['skipped', 'skipped by user'],
    ]);
  });
});

describe('content kept on round trip', () => {
  test('unknown fields, including multi-line and list-valued ones, are kept after the known ones', () => {
    const text = [
      '- [ ] T1: task',
      '  - Owner: alice',
      '  - Depends on: none',
      '  - Notes:',
      '    - one',
      '    - two',
      '  - Risk level: high',
      '    because of the migration',
      '',
    ].join('\n');
    const doc = parseTodo(text);
    expect(doc.tasks[0]?.extra).toEqual([
      { name: 'Owner', value: 'alice' },
      { name: 'Notes', value: '- one\n- two' },
      { name: 'Risk level', value: 'high\nbecause of the migration' },
    ]);
    const expected = [
      '- [ ] T1: task',
      '  - Depends on: none',
      '  - Owner: alice',
      '  - Notes:',
      '    - one',
      '    - two',
      '  - Risk level: high',
      '    because of the migration',
      '',
    ].join('\n');
    expect(roundTrip(text)).toBe(expected);
    expect(roundTrip(expected)).toBe(expected);
  });

  test('prose before, between and after tasks is kept', () => {
    const text = [
      '# Plan: Phased',
      '',
      'Intro paragraph.',
      '',
      '- [ ] T1: first',
      '  - Depends on: none',
      '',
      '## Phase 2',
      '',
      'Only after phase 1 ships.',
      '',
      '- [ ] T2: second',
      '  - Depends on: T1',
      '',
      '## Notes',
      '',
      '- a plain list item',
      '1. and a numbered one',
      '',
    ].join('\n');
    expect(roundTrip(text)).toBe(text);
    const doc = parseTodo(text);
    expect(doc.tasks[1]?.preface).toBe('## Phase 2\n\nOnly after phase 1 ships.');
    expect(doc.postscript).toBe('## Notes\n\n- a plain list item\n1. and a numbered one');
  });

  test('Verify with or without backticks, and commands containing backticks', () => {
    const verify = (field: string): string | undefined =>
      parseTodo(`- [ ] T1: t\n  - Verify: ${field}\n`).tasks[0]?.verify;
    expect(verify('npm test')).toBe('npm test');
    expect(verify('`npm test`')).toBe('npm test');
    expect(verify('`` echo `date` ``')).toBe('echo `date`');
    expect(verify('`a` && `b`')).toBe('`a` && `b`');
    const rendered = renderTodo({
      title: 'x',
      tasks: [{ id: 'T1', title: 't', status: 'pending', details: '', acceptance: [], verify: 'echo `date`', dependsOn: [], extra: [] }],
    });
    expect(rendered).toContain('  - Verify: `` echo `date` ``\n');
    expect(parseTodo(rendered).tasks[0]?.verify).toBe('echo `date`');
  });

  test('Files: none is an empty list; no Files field is undefined', () => {
    const doc = parseTodo('- [ ] T1: a\n  - Files: none\n- [ ] T2: b\n');
    expect(doc.tasks[0]?.files).toEqual([]);
    expect(doc.tasks[1]?.files).toBeUndefined();
  });

  test('Requirements: sits after Files:, none is an empty list, no field is undefined', () => {
    const text = '- [ ] T1: a\n  - Requirements:\n    - R2\n    - `REQ-3`\n  - Files: a.ts\n- [ ] T2: b\n  - reqs: none\n- [ ] T3: c\n';
    const doc = parseTodo(text);
    expect(doc.tasks.map((task) => task.requirements)).toEqual([['R2', 'REQ-3'], [], undefined]);
    expect(todoToPlan(doc).tasks[0]?.requirements).toEqual(['R2', 'REQ-3']);
    const canonical = renderTodo(doc);
    expect(canonical).toBe(
      '- [ ] T1: a\n  - Depends on: none\n  - Files: a.ts\n  - Requirements: R2, REQ-3\n- [ ] T2: b\n  - Depends on: none\n  - Requirements: none\n- [ ] T3: c\n  - Depends on: none\n',
    );
    expect(roundTrip(canonical)).toBe(canonical);
  });

  test('dependencies may be written with spaces, commas, backticks or as a sub-list', () => {
    const text = '- [ ] T1: a\n- [ ] T2: b\n- [ ] T3: c\n  - Depends on: `T1` T2\n- [ ] T4: d\n  - Depends on:\n    - T1\n    - T3\n';
    const doc = parseTodo(text);
    expect(doc.tasks[2]?.dependsOn).toEqual(['T1', 'T2']);
    expect(doc.tasks[3]?.dependsOn).toEqual(['T1', 'T3']);
  });
});

describe('indentation styles', () => {
  test('tab-indented fields and continuation lines', () => {
    const doc = parseTodo('- [ ] T1: tabs\n\t- Details: first\n\t\tsecond\n\t- Acceptance:\n\t\t- one\n\t\t- two\n');
    expect(doc.tasks[0]).toMatchObject({ details: 'first\nsecond', acceptance: ['one', 'two'] });
  });

  test('four-space field indentation with items at eight', () => {
    const doc = parseTodo('- [ ] T1: wide\n    - Acceptance:\n        - one\n    - Depends on: none\n');
    expect(doc.tasks[0]).toMatchObject({ acceptance: ['one'], dependsOn: [] });
  });
});
