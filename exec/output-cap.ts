/**
 * Keeps the last `limit` bytes of a stream while it is being written, so a command
 * printing gigabytes costs a fixed amount of memory. The tail is what matters for a
 * failing test run: the summary and the first failure's stack are printed last.
 */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private held = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer | string): void {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.chunks.push(buffer);
    this.held += buffer.length;
    while (this.held > this.limit && this.chunks.length > 0) {
      const first = this.chunks[0]!;
      const excess = this.held - this.limit;
      if (first.length <= excess) {
        this.chunks.shift();
        this.held -= first.length;
        this.dropped += first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.held -= excess;
        this.dropped += excess;
      }
    }
  }

  /** Bytes that were written but no longer held. */
  get droppedBytes(): number {
    return this.dropped;
  }

  /** The held tail as text, without a leading partial UTF-8 character. */
  text(): string {
    return decodeTail(Buffer.concat(this.chunks));
  }
}

/** Decodes bytes that may start in the middle of a UTF-8 character. */
export function decodeTail(bytes: Buffer): string {
  let start = 0;
  // Continuation bytes are 10xxxxxx; a character is at most 4 bytes long.
  while (start < bytes.length && start < 4 && (bytes[start]! & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString('utf8');
}

/**
 * `text` cut to at most `maxBytes` UTF-8 bytes, keeping the head or the tail, and how
 * many bytes were left out.
 */
export function sliceBytes(text: string, maxBytes: number, keep: 'head' | 'tail'): { text: string; omittedBytes: number } {
  const bytes = Buffer.from(text);
  if (bytes.length <= maxBytes) return { text, omittedBytes: 0 };
  const omittedBytes = bytes.length - maxBytes;
  if (keep === 'tail') return { text: decodeTail(bytes.subarray(omittedBytes)), omittedBytes };
  // Dropping a trailing partial character: toString would render it as U+FFFD.
  return { text: bytes.subarray(0, maxBytes).toString('utf8').replace(/\uFFFD$/, ''), omittedBytes };
}

/** `text` capped to about `maxBytes`, with a note saying how much was left out so the model knows the view is partial. */
export function capText(text: string, maxBytes: number, keep: 'head' | 'tail'): string {
  const sliced = sliceBytes(text, maxBytes, keep);
  if (sliced.omittedBytes === 0) return text;
  const note = `[... ${sliced.omittedBytes} bytes omitted ...]`;
  return keep === 'tail' ? `${note}\n${sliced.text}` : `${sliced.text}\n${note}`;
}
