export interface TruncateInput {
  text: string;
  /** Budget in UTF-8 bytes for the result, marker included (only the marker is returned if it alone is larger). */
  maxBytes: number;
  marker: (shownBytes: number, totalBytes: number) => string;
}

/**
 * Cuts `text` to fit `maxBytes`, preferring the end of a line and never
 * splitting a UTF-8 character, then appends the marker. Text that fits is
 * returned as is.
 */
export function truncateUtf8(input: TruncateInput): { text: string; truncated: boolean } {
  const bytes = Buffer.from(input.text, 'utf8');
  if (bytes.length <= input.maxBytes) return { text: input.text, truncated: false };
  // The marker's length depends on the numbers in it; the widest case bounds it.
  const markerBytes = Buffer.byteLength(input.marker(bytes.length, bytes.length), 'utf8');
  let cut = Math.max(0, input.maxBytes - markerBytes);
  // A negative offset would search from the end, hence the guard.
  const lastNewline = cut > 0 ? bytes.lastIndexOf(0x0a, cut - 1) : -1;
  // Prefer a whole last line, unless that throws away most of the budget (one huge line).
  if (lastNewline >= cut / 2) cut = lastNewline + 1;
  // Back off continuation bytes (10xxxxxx) so a character is never split.
  while (cut > 0 && cut < bytes.length && ((bytes[cut] as number) & 0xc0) === 0x80) cut -= 1;
  const shown = bytes.subarray(0, cut).toString('utf8');
  return { text: shown + input.marker(cut, bytes.length), truncated: true };
}
