/**
 * Task titles, reasons and review summaries are Markdown-ish text from the
 * plan and the models: `npm test`, `src/slug.ts`. report.md keeps the
 * backticks (Markdown renders them); report.html and the timeline draw the
 * spans as code instead of showing raw backticks.
 */
import { escapeXml } from './escape.js';

export interface TextSpan {
  text: string;
  code: boolean;
}

/** Splits on backtick code spans (any fence length, as CommonMark); an unclosed fence stays literal text. */
export function codeSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  const push = (value: string, code: boolean) => {
    if (!value) return;
    const last = spans.at(-1);
    if (last && last.code === code && !code) last.text += value;
    else spans.push({ text: value, code });
  };
  let rest = text;
  for (;;) {
    const open = /`+/.exec(rest);
    if (!open) break;
    const fence = open[0];
    const after = rest.slice(open.index + fence.length);
    const close = new RegExp(`(?<!\`)${fence}(?!\`)`).exec(after);
    if (!close) {
      push(rest.slice(0, open.index + fence.length), false);
      rest = after;
      continue;
    }
    push(rest.slice(0, open.index), false);
    const inner = after.slice(0, close.index);
    // CommonMark strips one space on each side when both are there (`` `x` `` fences).
    push(/^ .* $/.test(inner) && inner.trim() ? inner.slice(1, -1) : inner, true);
    rest = after.slice(close.index + fence.length);
  }
  push(rest, false);
  return spans;
}

/** HTML-escaped, with code spans as `<code>`. */
export function htmlInline(text: string): string {
  return codeSpans(text)
    .map((span) => (span.code ? `<code>${escapeXml(span.text)}</code>` : escapeXml(span.text)))
    .join('');
}

/** The text as read: code spans without their backticks (for `<title>` and plain labels). */
export function plainInline(text: string): string {
  return codeSpans(text)
    .map((span) => span.text)
    .join('');
}

/** SVG text content: at most `max` visible characters on one line, code spans in a monospace `<tspan>`. */
export function svgInline(text: string, max: number): string {
  let left = max;
  const out: string[] = [];
  const spans = codeSpans(text.replace(/\s+/g, ' ').trim());
  const visible = spans.reduce((n, span) => n + span.text.length, 0);
  for (const span of spans) {
    if (left <= 0) break;
    const clipped = visible > max && span.text.length >= left ? `${span.text.slice(0, left - 1)}…` : span.text;
    left -= span.text.length;
    out.push(span.code ? `<tspan font-family="ui-monospace, Menlo, Consolas, monospace" font-size="0.92em">${escapeXml(clipped)}</tspan>` : escapeXml(clipped));
  }
  return out.join('');
}
