/** Shortening and indenting text for the terminal: `tandem logs` shows heads of tool results and tails of test output. */
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/** The first `maxLines` lines (and at most `maxChars`), with a note saying how much was left out. */
export function head(text: string, maxLines: number, maxChars: number): string {
  const all = text.replace(/\s+$/, '');
  const lines = all.split('\n');
  let kept = lines.slice(0, maxLines).join('\n');
  if (kept.length > maxChars) kept = kept.slice(0, maxChars);
  if (kept.length === all.length) return kept;
  const hiddenLines = lines.length - kept.split('\n').length;
  const what = hiddenLines > 0 ? `${hiddenLines} more lines` : `${all.length - kept.length} more characters`;
  return `${kept}\n… (${what}; --full shows all)`;
}

/** The last `maxLines` lines (and at most `maxChars`): a failing test says why at the end. */
export function tailLines(text: string, maxLines: number, maxChars: number): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  let kept = lines.slice(-maxLines).join('\n');
  if (kept.length > maxChars) kept = kept.slice(-maxChars);
  const hidden = lines.length - kept.split('\n').length;
  return hidden > 0 ? `… (${hidden} earlier lines; --full shows all)\n${kept}` : kept;
}

/** One line, at most `max` characters. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

/** `10:04:05` in UTC, so the same journal reads the same on every machine. */
export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}
