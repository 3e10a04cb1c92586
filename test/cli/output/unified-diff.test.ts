import { describe, expect, test } from 'vitest';
import { unifiedDiff } from '../../../cli/output/unified-diff.js';

/** Applies a unified diff to `before`, checking every context and removed line against it. */
function applyPatch(before: string, patch: string): string {
  const source = before.split('\n').slice(0, -1);
  const out: string[] = [];
  let at = 0;
  for (const hunk of patch.split(/^(?=@@ )/m).slice(1)) {
    const [header, ...lines] = hunk.replace(/\n$/, '').split('\n');
    const [, aStart, aCount] = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(header!)!.map(Number);
    const start = aCount === 0 ? aStart! : aStart! - 1;
    out.push(...source.slice(at, start));
    at = start;
    for (const line of lines) {
      if (line.startsWith('+')) out.push(line.slice(1));
      else {
        expect(source[at]).toBe(line.slice(1));
        if (line.startsWith(' ')) out.push(line.slice(1));
        at++;
      }
    }
  }
  return [...out, ...source.slice(at)].join('\n') + '\n';
}

const numbered = (n: number, change: (i: number) => string | undefined = () => undefined) =>
  Array.from({ length: n }, (_, i) => change(i + 1) ?? `line ${i + 1}`).join('\n') + '\n';

describe('unifiedDiff', () => {
  test('equal texts have no diff', () => {
    expect(unifiedDiff('a\n', 'a\n', 'TODO.md')).toBe('');
  });

  test('one changed line: headers, a hunk with three lines of context, removed before added', () => {
    expect(unifiedDiff(numbered(10), numbered(10, (i) => (i === 5 ? 'five' : undefined)), 'TODO.md')).toBe(
      ['--- a/TODO.md', '+++ b/TODO.md', '@@ -2,7 +2,7 @@', ' line 2', ' line 3', ' line 4', '-line 5', '+five', ' line 6', ' line 7', ' line 8', ''].join('\n'),
    );
  });

  test('distant changes make separate hunks, and each hunk applies', () => {
    const before = numbered(40);
    const after = numbered(40, (i) => (i === 3 ? 'three' : i === 30 ? 'thirty' : undefined)) + 'appended\n';
    const patch = unifiedDiff(before, after, 'TODO.md');
    expect(patch.match(/^@@ /gm)).toHaveLength(3);
    expect(applyPatch(before, patch)).toBe(after);
  });

  test('lines added at the start, removed at the end', () => {
    const before = numbered(5);
    const after = `new first\n${numbered(3)}`;
    expect(applyPatch(before, unifiedDiff(before, after, 'x'))).toBe(after);
  });
});
