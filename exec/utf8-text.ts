/**
 * The plan and the design a user hands Tandem must be UTF-8. A lenient decode
 * turns each Latin-1 byte (0xE9 for "é") into U+FFFD: the models would read
 * the damaged text and the run would write it back into the plan. So they are
 * decoded strictly, and a bad byte is refused with where it is.
 */
import type { ErrorCode } from '../errors/codes.js';
import { TandemError } from '../errors/tandem-error.js';

// ignoreBOM keeps a leading BOM in the text, as a lenient decode did: the plan parser skips it
// and a plan rewritten with its marks keeps it.
const STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export type Utf8Text = { ok: true; text: string } | { ok: false; line: number; byte: number };

/** The text of `bytes`, or the 1-based line and the value of the first byte that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): Utf8Text {
  try {
    return { ok: true, text: STRICT.decode(bytes) };
  } catch {
    const at = firstInvalidByte(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    return { ok: false, line, byte: bytes[at] ?? 0 };
  }
}

/**
 * The text of a file, or TandemError `code` (exit 2) naming it (`what`, e.g. "The plan
 * TODO.md"), the line of its first bad byte, and the iconv command that converts it.
 */
export function utf8TextOf(bytes: Uint8Array, file: { what: string; path: string; code: ErrorCode }): string {
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return decoded.text;
  const hex = `0x${decoded.byte.toString(16).toUpperCase().padStart(2, '0')}`;
  // Quoted for the shell only when it needs to be, so the usual hint reads plainly.
  const arg = /^[\w./-]+$/.test(file.path) ? file.path : `'${file.path.replaceAll("'", "'\\''")}'`;
  throw new TandemError(`${file.what} is not valid UTF-8: its first bad byte, ${hex}, is on line ${decoded.line} (saved as Latin-1 or Windows-1252?).`, {
    code: file.code,
    hint: `Save it as UTF-8, e.g. \`iconv -f latin1 -t utf-8 ${arg} > converted.md && mv converted.md ${arg}\`.`,
    context: { file: file.path, line: decoded.line },
  });
}

/**
 * Where the first ill-formed sequence starts (the well-formed byte sequences of
 * Unicode's table 3-7); only asked once the strict decoder has refused `bytes`.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const sequence = SEQUENCES.find((s) => bytes[i]! >= s.lead[0] && bytes[i]! <= s.lead[1]);
    if (sequence === undefined) return i;
    for (let k = 1; k < sequence.length; k++) {
      const [min, max] = k === 1 ? sequence.second : [0x80, 0xbf];
      const next = bytes[i + k];
      if (next === undefined || next < min || next > max) return i;
    }
    i += sequence.length;
  }
  return bytes.length;
}

/** A lead byte's range, the length of its sequence and the range of the byte after it (the rest are 0x80..0xBF). */
const SEQUENCES: { lead: [number, number]; length: number; second: [number, number] }[] = [
  { lead: [0x00, 0x7f], length: 1, second: [0, 0] },
  { lead: [0xc2, 0xdf], length: 2, second: [0x80, 0xbf] },
  { lead: [0xe0, 0xe0], length: 3, second: [0xa0, 0xbf] },
  { lead: [0xe1, 0xec], length: 3, second: [0x80, 0xbf] },
  { lead: [0xed, 0xed], length: 3, second: [0x80, 0x9f] },
  { lead: [0xee, 0xef], length: 3, second: [0x80, 0xbf] },
  { lead: [0xf0, 0xf0], length: 4, second: [0x90, 0xbf] },
  { lead: [0xf1, 0xf3], length: 4, second: [0x80, 0xbf] },
  { lead: [0xf4, 0xf4], length: 4, second: [0x80, 0x8f] },
];
