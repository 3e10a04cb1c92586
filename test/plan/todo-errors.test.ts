import { describe, expect, test } from 'vitest';
import { parseTodo, TodoParseError } from '../../plan/index.js';
import { isTandemError } from '../../errors/tandem-error.js';

function parseError(text: string, file = 'TODO.md'): TodoParseError {
  try {
    parseTodo(text, { file });
  } catch (error) {
    expect(error).toBeInstanceOf(TodoParseError);
    expect(isTandemError(error)).toBe(true);
    return error as TodoParseError;
  }
  throw new Error('expected parseTodo to throw');
}

describe('malformed lines name the line and what was expected', () => {
  test.each([
    {
      name: 'a field bullet that is not "Name: value"',
      text: '# Plan: x\n\n- [ ] T1: a\n  - Acceptanc e\n',
      message: 'TODO.md:4: expected a field like "  - Acceptance:" or "  - Depends on: T1" under task T1, got "  - Acceptanc e"',
      line: 4,
    },
    {
      name: 'an unknown status mark',
      text: '- [ ] T1: a\n- [?] T2: b\n',
      message: 'TODO.md:2: expected a status mark [ ], [x], [!] or [-], got "[?]"',
      line: 2,
    },
    {
      name: 'a task without an id',
      text: '- [ ] T1: a\n- [ ] Write the docs\n',
      message: 'TODO.md:2: expected a task line like "- [ ] T3: title" (a task id, a colon, then the title), got "- [ ] Write the docs"',
      line: 2,
    },
    {
      name: 'no space after the bullet',
      text: '- [ ] T1: a\n-[ ] T2: b\n',
      message: 'TODO.md:2: expected a task line like "- [ ] T3: title", got "-[ ] T2: b"',
      line: 2,
    },
    {
      name: 'a task with no title',
      text: '- [ ] T1:\n',
      message: 'TODO.md:1: task T1 has no title; write one after "T1:"',
      line: 1,
    },
    {
      name: 'a paragraph inside the task list',
      text: '- [ ] T1: a\n  - Depends on: none\nT2: forgot the checkbox\n',
      message: 'TODO.md:3: expected a task line like "- [ ] T3: title" or a heading, got "T2: forgot the checkbox"',
      line: 3,
    },
    {
      name: 'an indented line that is not a field',
      text: '- [ ] T1: a\n  just some words\n',
      message: 'TODO.md:2: expected a field like "  - Acceptance:" or "  - Depends on: T1" under task T1, got "  just some words"',
      line: 2,
    },
    {
      name: 'a field given twice',
      text: '- [ ] T1: a\n  - Details: one\n  - details: two\n',
      message: 'TODO.md:3: task T1 has a second "details:" field (the first is on line 2); merge them into one',
      line: 3,
    },
    {
      name: 'dependencies that are not ids',
      text: '- [ ] T1: a\n- [ ] T2: b\n  - Depends on: T1 (once merged)\n',
      message: 'TODO.md:3: expected task ids like "T1, T2" or "none" after "Depends on:", got "(once"',
      line: 3,
    },
    {
      name: 'requirements that are not ids',
      text: '- [ ] T1: a\n  - Depends on: none\n  - Requirements: R1 (login), R2\n',
      message: 'TODO.md:3: expected requirement ids like "R1, REQ-3" or "none" after "Requirements:", got "(login)"',
      line: 3,
    },
  ])('$name', ({ text, message, line }) => {
    const error = parseError(text);
    expect(error.code).toBe('TODO_INVALID');
    expect(error.message).toBe(message);
    expect(error.context).toMatchObject({ file: 'TODO.md', line });
    expect(error.hint).toBeTruthy();
  });

  test('uses the file name it is given', () => {
    expect(parseError('- [?] T1: a\n', 'plans/next.md').message).toMatch(/^plans\/next\.md:1: /);
  });
});

describe('files that are not a plan', () => {
  test.each(['', '   \n\t\n  ', '\uFEFF\n'])('empty or whitespace-only (%j) is TODO_EMPTY', (text) => {
    const error = parseError(text);
    expect(error.code).toBe('TODO_EMPTY');
    expect(error.message).toBe('TODO.md is empty: it has no tasks.');
  });

  test('JSON (even a valid plan) is TODO_NOT_MARKDOWN', () => {
    const error = parseError(JSON.stringify({ title: 'x', tasks: [{ id: 'T1' }] }, null, 2));
    expect(error.code).toBe('TODO_NOT_MARKDOWN');
    expect(error.message).toMatch(/looks like JSON/);
    expect(error.hint).toMatch(/tandem plan/);
  });

  test('YAML is TODO_NOT_MARKDOWN', () => {
    const error = parseError('title: x\ntasks:\n  - id: T1\n    title: a\n');
    expect(error.code).toBe('TODO_NOT_MARKDOWN');
    expect(error.message).toMatch(/looks like YAML/);
  });

  test('binary content is TODO_NOT_MARKDOWN', () => {
    const png = String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d);
    expect(parseError(png).message).toBe('TODO.md looks like a binary file, not a Markdown plan.');
    expect(parseError('\uFFFD\u0001\u0002\uFFFD\uFFFD- [ ] T1: a\n').code).toBe('TODO_NOT_MARKDOWN');
  });

  test('Markdown without any task line is TODO_NOT_MARKDOWN', () => {
    const error = parseError('# Notes\n\n- a list\n- [a link](x.md)\n');
    expect(error.code).toBe('TODO_NOT_MARKDOWN');
    expect(error.message).toBe('TODO.md has no task list: no line like "- [ ] T3: title" was found.');
  });
});

describe('plan-level problems name tasks and lines', () => {
  test('duplicate ids', () => {
    const error = parseError('- [ ] T1: a\n- [ ] T2: b\n- [ ] T1: c\n');
    expect(error.code).toBe('TODO_INVALID');
    expect(error.message).toBe('TODO.md:3: task id T1 is used again (first on line 1); give every task a unique id');
    expect(error.context).toMatchObject({ line: 3, taskId: 'T1' });
  });

  test('unknown dependency', () => {
    expect(parseError('- [ ] T1: a\n  - Depends on: T9\n').message).toBe(
      'TODO.md:1: T1 depends on T9, which is not a task in this file; fix the "Depends on:" list',
    );
  });

  test('a cycle, with its path and lines', () => {
    const text = '- [ ] T1: a\n  - Depends on: T3\n- [ ] T2: b\n- [ ] T3: c\n  - Depends on: T1\n';
    expect(parseError(text).message).toBe(
      'TODO.md:1: dependency cycle T1 → T3 → T1 (lines 1, 4); remove one of these dependencies',
    );
  });

  test('a task depending on itself', () => {
    expect(parseError('- [ ] T1: a\n  - Depends on: T1\n').message).toBe(
      'TODO.md:1: T1 depends on itself; remove it from its "Depends on:" list',
    );
  });

  test('several problems are listed together', () => {
    const error = parseError('- [ ] T1: a\n  - Depends on: T7\n- [ ] T1: b\n');
    expect(error.message).toBe(
      [
        'TODO.md has 2 problems:',
        '  TODO.md:3: task id T1 is used again (first on line 1); give every task a unique id',
        '  TODO.md:1: T1 depends on T7, which is not a task in this file; fix the "Depends on:" list',
      ].join('\n'),
    );
    expect(error.context.line).toBe(3);
  });
});
