import { describe, expect, it } from 'vitest';
import { fitParts, trimBudgetChars } from '../../models/context-window.js';

describe('fitParts', () => {
  it('leaves parts that fit alone', () => {
    expect(fitParts({ a: { text: 'abc', keep: 'head' }, b: { text: 'de', keep: 'tail' } }, 5)).toEqual({ parts: { a: 'abc', b: 'de' }, trimmed: [] });
  });

  it('shares the budget fairly: a short part stays whole, the long ones split the rest', () => {
    const { parts, trimmed } = fitParts(
      { short: { text: 'x'.repeat(100), keep: 'head' }, diff: { text: 'd'.repeat(10_000), keep: 'head' }, out: { text: 'o'.repeat(10_000), keep: 'tail' } },
      2100,
    );
    expect(trimmed).toEqual(['diff', 'out']);
    expect(parts.short).toBe('x'.repeat(100));
    expect(parts.diff).toBe(`${'d'.repeat(1000)}\n[9000 characters cut to fit the model's context window]`);
    expect(parts.out).toBe(`[9000 characters cut to fit the model's context window]\n${'o'.repeat(1000)}`);
  });

  it('keeps the start of a head part and the end of a tail part', () => {
    const { parts } = fitParts({ diff: { text: 'START...END', keep: 'head' }, log: { text: 'noise...FAIL', keep: 'tail' } }, 10);
    expect(parts.diff.startsWith('START')).toBe(true);
    expect(parts.log.endsWith('FAIL')).toBe(true);
  });

  it('cuts everything to a note when there is no room', () => {
    expect(fitParts({ a: { text: 'abc', keep: 'head' } }, 0).parts.a).toBe("[3 characters cut to fit the model's context window]");
  });
});

describe('trimBudgetChars', () => {
  it('is the window less the reply and the fixed text, in characters', () => {
    expect(trimBudgetChars(8192, 3000, 1500)).toBe((8192 - 1500 - 1000) * 3);
    expect(trimBudgetChars(1000, 30_000, 1500)).toBe(0);
    expect(trimBudgetChars(undefined, 3000, 1500)).toBeUndefined();
  });
});
