/**
 * A unified diff of two small texts (a TODO.md before and after an update),
 * as `git diff` would show it: `---`/`+++` headers, `@@` hunks with three
 * lines of context. Line-based longest common subsequence: plans are a few
 * hundred lines, so the quadratic table is cheap.
 */

type Op = { kind: ' ' | '-' | '+'; line: string; a: number; b: number };

/** '' when the texts are equal. */
export function unifiedDiff(before: string, after: string, path: string, context = 3): string {
  if (before === after) return '';
  const ops = diffLines(lines(before), lines(after));
  const hunks: string[] = [];
  let index = 0;
  while (index < ops.length) {
    const start = ops.findIndex((op, i) => i >= index && op.kind !== ' ');
    if (start < 0) break;
    let end = start;
    // Extend the hunk while the next change is within twice the context.
    for (let i = start; i < ops.length; i++) {
      if (ops[i]!.kind !== ' ') end = i;
      else if (i - end > 2 * context) break;
    }
    const from = Math.max(0, start - context);
    const to = Math.min(ops.length, end + context + 1);
    hunks.push(hunk(ops.slice(from, to)));
    index = to;
  }
  return [`--- a/${path}`, `+++ b/${path}`, ...hunks].join('\n') + '\n';
}

function lines(text: string): string[] {
  const split = text.split('\n');
  if (split[split.length - 1] === '') split.pop();
  return split;
}

function hunk(ops: Op[]): string {
  const first = ops[0]!;
  const aCount = ops.filter((op) => op.kind !== '+').length;
  const bCount = ops.filter((op) => op.kind !== '-').length;
  const aStart = aCount === 0 ? first.a : first.a + 1;
  const bStart = bCount === 0 ? first.b : first.b + 1;
  return [`@@ -${aStart},${aCount} +${bStart},${bCount} @@`, ...ops.map((op) => `${op.kind}${op.line}`)].join('\n');
}

/** The edit script from `a` to `b`; `a`/`b` on each op are 0-based positions before it in each text. */
function diffLines(a: string[], b: string[]): Op[] {
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]!, a: i, b: j });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || common[i + 1]![j]! >= common[i]![j + 1]!)) {
      ops.push({ kind: '-', line: a[i]!, a: i, b: j });
      i++;
    } else {
      ops.push({ kind: '+', line: b[j]!, a: i, b: j });
      j++;
    }
  }
  return deletionsFirst(ops);
}

/** Within each run of changes, removed lines before added ones, as `git diff` shows them. */
function deletionsFirst(ops: Op[]): Op[] {
  const out: Op[] = [];
  let run: Op[] = [];
  const flush = () => {
    const reordered = [...run.filter((op) => op.kind === '-'), ...run.filter((op) => op.kind === '+')];
    // A hunk that starts with this run counts its lines from where the run starts in both texts.
    if (reordered[0] && run[0]) reordered[0] = { ...reordered[0], a: run[0].a, b: run[0].b };
    out.push(...reordered);
    run = [];
  };
  for (const op of ops) {
    if (op.kind === ' ') {
      flush();
      out.push(op);
    } else {
      run.push(op);
    }
  }
  flush();
  return out;
}
