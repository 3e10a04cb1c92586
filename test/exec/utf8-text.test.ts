/** The plan and the design are decoded strictly: a Latin-1 byte is refused with its line, never turned into U+FFFD. */
import { describe, expect, it } from 'vitest';
import { decodeUtf8, utf8TextOf } from '../../exec/utf8-text.js';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('decodeUtf8', () => {
  it('takes UTF-8 and keeps a leading BOM, which the plan parser skips', () => {
    expect(decodeUtf8(Buffer.from('# Plan: Café ✓ 😀\n'))).toEqual({ ok: true, text: '# Plan: Café ✓ 😀\n' });
    expect(decodeUtf8(Buffer.from('\uFEFF# Plan\n'))).toEqual({ ok: true, text: '\uFEFF# Plan\n' });
  });

  it('names the line and value of the first byte that is not UTF-8', () => {
    expect(decodeUtf8(latin1('# Plan\n\n- [ ] T1: Caf\u00e9 au lait\n\u00e8\n'))).toEqual({ ok: false, line: 3, byte: 0xe9 });
    // A lead byte cut off by the end of the file, an overlong form, a surrogate and a lone continuation byte.
    expect(decodeUtf8(Buffer.from([0x61, 0x0a, 0xe2, 0x82]))).toEqual({ ok: false, line: 2, byte: 0xe2 });
    expect(decodeUtf8(Buffer.from([0xc0, 0xaf]))).toEqual({ ok: false, line: 1, byte: 0xc0 });
    expect(decodeUtf8(Buffer.from([0x0a, 0x0a, 0xed, 0xa0, 0x80]))).toEqual({ ok: false, line: 3, byte: 0xed });
    expect(decodeUtf8(Buffer.from([0x41, 0xe2, 0x82, 0xac, 0x80]))).toEqual({ ok: false, line: 1, byte: 0x80 });
  });
});

describe('utf8TextOf', () => {
  it('refuses with the given code, exit 2, the file, the line, and an iconv hint', () => {
    const file = { what: 'The plan plans/TODO.md', path: 'plans/TODO.md', code: 'PLAN_NOT_UTF8' as const };
    expect(() => utf8TextOf(latin1('# Plan\nna\u00efve\n'), file)).toThrow(
      expect.objectContaining({
        code: 'PLAN_NOT_UTF8',
        exitCode: 2,
        message: 'The plan plans/TODO.md is not valid UTF-8: its first bad byte, 0xEF, is on line 2 (saved as Latin-1 or Windows-1252?).',
        hint: 'Save it as UTF-8, e.g. `iconv -f latin1 -t utf-8 plans/TODO.md > converted.md && mv converted.md plans/TODO.md`.',
        context: { file: 'plans/TODO.md', line: 2 },
      }),
    );
    expect(() => utf8TextOf(latin1('\u00e9'), { ...file, path: "my plan's.md" })).toThrow(expect.objectContaining({ hint: expect.stringContaining(`iconv -f latin1 -t utf-8 'my plan'\\''s.md' >`) }));
  });
});
