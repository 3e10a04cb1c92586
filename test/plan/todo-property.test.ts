/**
 * Property tests over generated plans and documents: the TODO.md format can
 * carry any plan whose text is already in normal form, normalises anything
 * else once, and rendering is idempotent.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  parseTodo,
  planToTodo,
  setTaskStatus,
  setTaskStatusInValidPlan,
  TodoParseError,
  renderTodo,
  todoToPlan,
  type Plan,
  type TodoDocument,
  type TodoTask,
} from '../../plan/index.js';

const RUNS = { numRuns: 300 };

/** Characters that mean something in Markdown or in our format, plus some non-ASCII and odd whitespace. */
const MARKDOWN_ISH = [...'aZ09 `#:*-+_[]()!>|\\"\'.,;~<>{}=/', 'é', '→', '日', '\u00A0', '\t', 'T1', 'none', '- ', '1. ', '> '];
const unit = fc.constantFrom(...MARKDOWN_ISH);

/** Any one-line text, possibly with leading/trailing spaces and line breaks a model might send. */
const messyLine = fc.string({ unit: fc.oneof({ weight: 9, arbitrary: unit }, fc.constantFrom('\n', '\r\n', '  ')), maxLength: 30 });
const trimmed = (s: string): string => s.replace(/^[ \t]+|[ \t]+$/g, '');
/** One line in normal form: what TODO.md gives back unchanged. */
const cleanLine = fc.string({ unit, minLength: 1, maxLength: 30 }).map(trimmed).filter((s) => s !== '');
/** Multi-line text in normal form: no trailing spaces, no blank first/last line; indentation (even of the first line) is kept. */
const cleanText = fc
  .array(fc.string({ unit, maxLength: 25 }), { maxLength: 5 })
  .map((lines) => lines.map((line) => line.replace(/[ \t]+$/, '')).join('\n'))
  .map((text) => text.replace(/^\n+|\n+$/g, ''));
const path = fc
  .string({ unit: fc.constantFrom(...'abz09/._-` ', 'src/', '.ts'), minLength: 1, maxLength: 20 })
  .map(trimmed)
  .filter((p) => p !== '' && !p.includes(',') && !/^`.*`$/.test(p) && p.toLowerCase() !== 'none');
const ids = fc.uniqueArray(fc.stringMatching(/^[A-Za-z][\w.-]{0,5}$/), {
  minLength: 1,
  maxLength: 6,
  comparator: (a, b) => a.toLowerCase() === b.toLowerCase(),
}).map((list) => list.filter((id) => id.toLowerCase() !== 'none'))
  .filter((list) => list.length > 0);

const requirementId = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,5}$/).filter((id) => id.toLowerCase() !== 'none');

/** Builds tasks whose dependencies point only at earlier tasks, so the plan is acyclic. */
function planArbitrary(line: fc.Arbitrary<string>, text: fc.Arbitrary<string>): fc.Arbitrary<Plan> {
  return ids.chain((taskIds) =>
    fc.record({
      title: line,
      tasks: fc.tuple(
        ...taskIds.map((id, index) =>
          fc.record(
            {
              id: fc.constant(id),
              title: line,
              details: text,
              acceptance: fc.array(line, { maxLength: 4 }),
              verify: line,
              dependsOn: fc.subarray(taskIds.slice(0, index)),
              files: fc.array(path, { maxLength: 4 }),
              requirements: fc.array(requirementId, { maxLength: 3 }),
            },
            { requiredKeys: ['id', 'title', 'details', 'acceptance', 'dependsOn'] },
          ),
        ),
      ),
    }),
  );
}

const roundTrip = (plan: Plan): Plan => todoToPlan(parseTodo(renderTodo(planToTodo(plan))));

describe('generated plans', () => {
  test('a plan in normal form survives plan → TODO.md → plan unchanged', () => {
    fc.assert(
      fc.property(planArbitrary(cleanLine, cleanText), (plan) => {
        expect(roundTrip(plan)).toEqual(plan);
      }),
      RUNS,
    );
  });

  test('any plan is normalised once (one-line titles, trimmed text) and then stays put', () => {
    const messyText = fc.array(messyLine, { maxLength: 4 }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(planArbitrary(messyLine.filter((s) => s.trim() !== ''), messyText), (plan) => {
        const once = roundTrip(plan);
        expect(roundTrip(once)).toEqual(once);
        once.tasks.forEach((task, index) => {
          const original = plan.tasks[index]!;
          expect(task.id).toBe(original.id);
          expect(task.title).toBe(oneLineSpec(original.title));
          expect(task.dependsOn).toEqual(original.dependsOn);
          expect(task.acceptance).toEqual(original.acceptance.map(oneLineSpec).filter((item) => item !== ''));
        });
      }),
      RUNS,
    );
  });

  test('render is idempotent: render(parse(render(doc))) === render(doc)', () => {
    fc.assert(
      fc.property(documentArbitrary(), (doc) => {
        const once = renderTodo(doc);
        expect(renderTodo(parseTodo(once))).toBe(once);
      }),
      RUNS,
    );
  });
});

describe('arbitrary hand-written text', () => {
  /** Lines shaped like TODO.md lines, at various indentations, in any order. */
  const lineShapes = fc.constantFrom(
    '- [ ] T1: a', '* [X] T2: b', '- [!] T3: c', '+ [-] T4: d', '- [] T5: e', '- [?] T6: f',
    '  - Details: x', '    more', '\tdeep', '  * acceptance:', '    - item', '      wrapped', '    1. numbered',
    '  - Depends on: T1', '  - depends: T2, T3', '  - Files: a.ts, `b.ts`', '  - Verify: `npm test`',
    '  - Reason: r', '  - Owner: me', '  - Notes:', '  - Requirements: R1, REQ-2', '  - reqs: (bad)', '# Plan: t', '## Section', '> Source: s', 'prose',
    '', '   ', '{"title": 1}', 'key: value', '  - Acceptanc e',
  );
  // Half the inputs start with a task line, so that most reach the field and graph rules rather than "no task list".
  const text = fc
    .tuple(fc.constantFrom([], ['- [ ] T0: start']), fc.array(fc.oneof(lineShapes, messyLine), { maxLength: 14 }))
    .chain(([start, lines]) => fc.constantFrom('\n', '\r\n').map((eol) => [...start, ...lines].join(eol)));

  test('either parses to a document whose rendering is stable, or throws a TodoParseError', () => {
    fc.assert(
      fc.property(text, (input) => {
        let once: string;
        try {
          once = renderTodo(parseTodo(input));
        } catch (error) {
          expect(error).toBeInstanceOf(TodoParseError);
          return;
        }
        expect(renderTodo(parseTodo(once))).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  test('setTaskStatus changes only the one task, in any file it can parse', () => {
    const statuses = fc.constantFrom('pending', 'done', 'failed', 'skipped' as const);
    fc.assert(
      fc.property(text, statuses, fc.option(messyLine, { nil: undefined }), fc.nat(), (input, status, reason, pick) => {
        let before;
        try {
          before = parseTodo(input);
        } catch {
          return;
        }
        const target = before.tasks[pick % before.tasks.length]!;
        const after = parseTodo(setTaskStatus(input, target.id, status, reason));
        const expectedReason = oneLineSpec(reason ?? '');
        expect(after.tasks.map(({ line: _line, ...task }) => task)).toEqual(
          before.tasks.map(({ line: _line, ...task }) => {
            if (task.id !== target.id) return task;
            const { reason: _old, ...rest } = task;
            return { ...rest, status, ...(expectedReason === '' ? {} : { reason: expectedReason }) };
          }),
        );
      }),
      { numRuns: 1000 },
    );
  });

  test('setTaskStatusInValidPlan writes the same bytes as setTaskStatus in any file setTaskStatus can parse', () => {
    const statuses = fc.constantFrom('pending', 'done', 'failed', 'skipped' as const);
    // Also with a byte-order mark and with lone CR line breaks, which `text` does not make.
    const anyText = fc
      .tuple(text, fc.boolean(), fc.boolean())
      .map(([input, bom, cr]) => `${bom ? '\uFEFF' : ''}${cr ? input.replace(/\r?\n/g, '\r') : input}`);
    fc.assert(
      fc.property(anyText, statuses, fc.option(messyLine, { nil: undefined }), fc.nat(), (input, status, reason, pick) => {
        let tasks;
        try {
          tasks = parseTodo(input).tasks;
        } catch {
          return;
        }
        const target = tasks[pick % tasks.length]!;
        expect(setTaskStatusInValidPlan(input, target.id, status, reason)).toBe(setTaskStatus(input, target.id, status, reason));
      }),
      { numRuns: 1000 },
    );
  });
});

/** The documented rule for one-line fields, written independently of the implementation. */
function oneLineSpec(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(trimmed)
    .filter((part) => part !== '')
    .join(' ');
}

/** Documents with everything the format can hold: statuses, reasons, unknown fields, prose sections. */
function documentArbitrary(): fc.Arbitrary<TodoDocument> {
  const prose = fc
    .array(fc.string({ unit, maxLength: 25 }), { maxLength: 3 })
    .map((lines) => lines.filter((l) => !/^[-*+][ \t]*\[[^\]]?\](?!\()/.test(l) && !/^#(\s|$)/.test(l) && !/^>[ \t]*source[ \t]*:/i.test(l)));
  const section = fc.tuple(cleanLine, prose).map(([heading, body]) => [`## ${heading}`, '', ...body].join('\n'));
  const extra = fc.array(
    fc.record({ name: fc.constantFrom('Owner', 'Notes', 'Risk level', 'Estimate'), value: cleanText }),
    { maxLength: 2 },
  );
  return planArbitrary(messyLine.filter((s) => s.trim() !== ''), cleanText).chain((plan) =>
    fc.record({
      title: fc.constant(plan.title),
      source: fc.option(cleanLine, { nil: undefined }),
      preamble: fc.option(prose.map((lines) => lines.join('\n')), { nil: undefined }),
      postscript: fc.option(section, { nil: undefined }),
      tasks: fc.tuple(
        ...planToTodo(plan).tasks.map((task) =>
          fc.record({
            status: fc.constantFrom('pending', 'done', 'failed', 'skipped' as const),
            reason: fc.option(messyLine, { nil: undefined }),
            extra,
            preface: fc.option(section, { nil: undefined }),
          }).map((more): TodoTask => ({ ...task, ...more })),
        ),
      ),
    }),
  );
}
