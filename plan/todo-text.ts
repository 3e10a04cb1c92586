/**
 * Text normalisation shared by the TODO.md parser and renderer. Both sides use
 * these same helpers, which is what makes render(parse(render(doc))) equal to
 * render(doc). Only spaces and tabs count as indentation or are trimmed; other
 * whitespace (no-break space, …) is content.
 */

/** Line breaks the parser recognises: CRLF, LF and a lone CR. */
export const LINE_BREAK = /\r\n|\r|\n/;

export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

export function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

export function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)?.[0].length ?? 0;
}

export function trimWs(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** NUL marks a file as binary to the parser, so it is never written. */
function dropNul(text: string): string {
  return text.replace(/\u0000/g, '');
}

/** Text that must fit on one line (titles, list items, reasons): line breaks become single spaces. */
export function oneLine(text: string): string {
  return splitLines(dropNul(text)).map(trimWs).filter((part) => part !== '').join(' ');
}

/**
 * Multi-line free text (details, unknown fields, prose): LF line breaks, no
 * trailing spaces on any line, no blank lines at either end. Indentation inside
 * the text is kept.
 */
export function textBlock(text: string): string {
  const lines = splitLines(dropNul(text)).map((line) => line.replace(/[ \t]+$/, ''));
  const first = lines.findIndex((line) => line !== '');
  if (first < 0) return '';
  let last = lines.length - 1;
  while (lines[last] === '') last--;
  return lines.slice(first, last + 1).join('\n');
}

/** Like `textBlock`, but lines are kept verbatim apart from the line breaks (prose outside tasks). */
export function proseBlock(lines: readonly string[]): string {
  let first = 0;
  let last = lines.length - 1;
  while (first <= last && isBlank(lines[first] ?? '')) first++;
  while (last >= first && isBlank(lines[last] ?? '')) last--;
  return lines.slice(first, last + 1).join('\n');
}

/**
 * A Markdown code span around `text`, using a backtick fence longer than any
 * run inside it and padding with spaces when the text touches a backtick.
 */
export function toCodeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * The content of `text` when the whole of it is one code span; otherwise
 * `text` unchanged (e.g. "npm test", or "`a` then `b`", which is two spans).
 */
export function fromCodeSpan(text: string): string {
  const open = /^`+/.exec(text)?.[0].length;
  if (open === undefined) return text;
  const runs = /`+/g;
  runs.lastIndex = open;
  for (let run = runs.exec(text); run !== null; run = runs.exec(text)) {
    if (run[0].length !== open) continue;
    if (run.index + open !== text.length) return text;
    const inner = text.slice(open, run.index);
    const padded = inner.length >= 2 && inner.startsWith(' ') && inner.endsWith(' ') && /[^ ]/.test(inner);
    return padded ? inner.slice(1, -1) : inner;
  }
  return text;
}
