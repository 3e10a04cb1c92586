import { describe, expect, it } from 'vitest';
import { extractJson, stripThinking } from '../../models/extract-json.js';
import { parseRetryAfter } from '../../models/errors.js';

describe('extractJson', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['<think>draft {"a":0}</think>{"a":1}', { a: 1 }],
    ['Sure!\n```json\n{"a":1}\n```\nAnything else?', { a: 1 }],
    ['```\n[1,2]\n```', [1, 2]],
    ['The answer is {"a":"}{"} ok', { a: '}{' }],
    ['<think>unfinished {"a":0}', undefined],
    ['no json here', undefined],
  ])('%j', (text, expected) => {
    const result = extractJson(text);
    if (expected === undefined) expect(result.ok).toBe(false);
    else expect(result).toEqual({ ok: true, value: expected });
  });

  it('stripThinking removes closed and trailing unclosed blocks', () => {
    expect(stripThinking('<think>a</think>b<THINK>c')).toBe('b');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250.4' }))).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:10 GMT' }), Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
