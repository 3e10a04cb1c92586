/** Backtick spans from plans and models become code in HTML and SVG, and never lose text. */
import { describe, expect, it } from 'vitest';
import { codeSpans, htmlInline, plainInline, svgInline } from '../../cli/report/inline-code.js';

describe('inline code', () => {
  it('splits code spans, including double-backtick fences around a backtick', () => {
    expect(codeSpans('Run `npm test` then `` a`b ``')).toEqual([
      { text: 'Run ', code: false },
      { text: 'npm test', code: true },
      { text: ' then ', code: false },
      { text: 'a`b', code: true },
    ]);
  });

  it('leaves an unclosed backtick as text', () => {
    expect(htmlInline('it`s <fine>')).toBe('it`s &lt;fine&gt;');
  });

  it('HTML gets <code> with the content escaped; plain text drops the fences', () => {
    expect(htmlInline('Add `<Slug>` & test')).toBe('Add <code>&lt;Slug&gt;</code> &amp; test');
    expect(plainInline('Add `slugify()`')).toBe('Add slugify()');
  });

  it('SVG clips by visible characters, not by markup, and keeps code in a monospace tspan', () => {
    const svg = svgInline('T4 Benchmark `slugify` across every script', 20);
    expect(svg).toMatch(/^T4 Benchmark <tspan font-family="ui-monospace[^"]*"[^>]*>slugif…<\/tspan>$/);
    expect(svg.replace(/<[^>]+>/g, '')).toHaveLength(20);
  });
});
