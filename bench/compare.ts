/**
 * `npm run bench -- --compare old.json`: every figure of two bench results
 * side by side with its change, absolute and in percent, and the targets whose
 * verdict changed. Pure: reads two parsed results, returns rows and text.
 */
import Table from 'cli-table3';

export interface FigureDelta {
  /** A readable path, e.g. `scale[100 tasks].honestOverheadPerTaskMs.p50`. */
  figure: string;
  old: number | undefined;
  new: number | undefined;
  /** new − old; undefined when either side lacks the figure. */
  delta: number | undefined;
  /** delta ÷ old × 100; undefined when old is 0 or missing. */
  percent: number | undefined;
}

/** The parts of a bench result the comparison reads; older results may lack any of them. */
export interface ComparableReport {
  figures?: unknown;
  targets?: { target: string; pass?: boolean | null }[];
}

/** Every numeric figure of either result, in the order of the newer one, then figures only the older one had. */
export function compareFigures(older: ComparableReport, newer: ComparableReport): FigureDelta[] {
  const before = flatten(older.figures);
  const after = flatten(newer.figures);
  const names = [...after.keys(), ...[...before.keys()].filter((name) => !after.has(name))];
  return names.map((figure) => {
    const old = before.get(figure);
    const now = after.get(figure);
    const delta = old !== undefined && now !== undefined ? now - old : undefined;
    return { figure, old, new: now, delta, percent: delta !== undefined && old ? (delta / Math.abs(old)) * 100 : undefined };
  });
}

export interface VerdictChange {
  target: string;
  old: string;
  new: string;
}

/** Targets whose PASS/FAIL differs (or that only one result judged). */
export function compareTargets(older: ComparableReport, newer: ComparableReport): VerdictChange[] {
  const verdict = (pass: boolean | null | undefined) => (pass === true ? 'PASS' : pass === false ? 'FAIL' : 'n/a');
  const before = new Map((older.targets ?? []).map((t) => [t.target, verdict(t.pass)]));
  const after = new Map((newer.targets ?? []).map((t) => [t.target, verdict(t.pass)]));
  const names = [...after.keys(), ...[...before.keys()].filter((name) => !after.has(name))];
  return names
    .map((target) => ({ target, old: before.get(target) ?? '–', new: after.get(target) ?? '–' }))
    .filter((change) => change.old !== change.new);
}

export function renderComparison(older: ComparableReport, newer: ComparableReport, labels = { old: 'old', new: 'new' }): string {
  const figures = new Table({ head: ['figure', labels.old, labels.new, 'Δ', 'Δ %'], style: { head: [], border: [] } });
  for (const row of compareFigures(older, newer)) {
    figures.push([row.figure, number(row.old), number(row.new), signed(row.delta), row.percent === undefined ? '–' : `${signed(row.percent, 1)}%`]);
  }
  const changes = compareTargets(older, newer);
  if (changes.length === 0) return `${figures.toString()}\nNo target changed its verdict.`;
  const verdicts = new Table({ head: ['target whose verdict changed', labels.old, labels.new], style: { head: [], border: [] } });
  for (const change of changes) verdicts.push([change.target, change.old, change.new]);
  return `${figures.toString()}\n${verdicts.toString()}`;
}

/**
 * Numeric leaves by path. Lists of objects are keyed by what names an item
 * (a scale run's size and sandbox, a prompt's file count, a step's position and
 * name), so a run added or removed does not shift the others; lists of numbers and strings, and
 * sample counts, are skipped.
 */
export function flatten(value: unknown, path = '', out = new Map<string, number>()): Map<string, number> {
  if (typeof value === 'number' && Number.isFinite(value)) out.set(path, value);
  else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (item !== null && typeof item === 'object') flatten(item, `${path}[${itemKey(item as Record<string, unknown>, index)}]`, out);
    });
  } else if (value !== null && typeof value === 'object') {
    // How many samples a figure took is not a figure.
    for (const [key, child] of Object.entries(value)) if (key !== 'samples') flatten(child, path ? `${path}.${key}` : key, out);
  }
  return out;
}

function itemKey(item: Record<string, unknown>, index: number): string {
  // A task's steps (task-steps.ts) repeat names (two model steps): the position keeps them apart, the name says which.
  if (typeof item.step === 'string') return `${index} ${item.step}`;
  if (typeof item.tasks === 'number') return `${item.tasks} tasks${item.sandbox && item.sandbox !== 'none' ? `, ${String(item.sandbox)}` : ''}${item.workspace === 'worktree' ? ', worktree' : ''}`;
  return String(index);
}

function number(value: number | undefined): string {
  if (value === undefined) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) < 10 ? 2 : 1);
}

function signed(value: number | undefined, digits?: number): string {
  if (value === undefined) return '–';
  const text = digits === undefined ? number(Math.abs(value)) : Math.abs(value).toFixed(digits);
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${text}`;
}
