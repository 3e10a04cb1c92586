/**
 * A vendor-style prompt cache for the bench's fake models: a request's cached
 * input is the longest byte prefix it shares with a request seen before, as
 * OpenAI's automatic prefix cache works (any earlier request with the same
 * prefix, not only the same conversation's). Pure and in memory.
 *
 * Simplifications, said where the figures are shown: vendors count cached
 * tokens in 128-token blocks from 1,024 tokens on, and expire entries after
 * minutes of disuse; this cache is exact to the byte and keeps the last
 * `capacity` prompts.
 */

/** Leading bytes `a` and `b` have in common. */
export function commonPrefixBytes(a: Buffer, b: Buffer): number {
  const length = Math.min(a.length, b.length);
  // Buffer.compare on halves would be faster; a byte loop is plenty for prompts of a few hundred KB.
  let index = 0;
  while (index < length && a[index] === b[index]) index++;
  return index;
}

export class PrefixCache {
  private readonly prompts: Buffer[] = [];

  constructor(private readonly capacity = 64) {}

  /** Bytes of `prompt` served from the cache; the prompt is then cached for later requests. */
  serve(prompt: Buffer): number {
    let cached = 0;
    for (const earlier of this.prompts) cached = Math.max(cached, commonPrefixBytes(earlier, prompt));
    this.prompts.push(prompt);
    if (this.prompts.length > this.capacity) this.prompts.shift();
    return cached;
  }
}

/** Tokens at the bench's rate of 4 bytes a token (what the fakes report). */
export function bytesToTokens(bytes: number): number {
  return Math.ceil(bytes / 4);
}

/**
 * A Chat Completions request in the order the vendor renders it for its cache:
 * model and settings, tools, then each message. A change anywhere shortens
 * the cached prefix from that point on.
 */
export function chatPromptBytes(body: { messages?: unknown[]; tools?: unknown[] } | undefined): Buffer {
  const { messages = [], tools = [], ...settings } = body ?? {};
  return Buffer.from([JSON.stringify(settings), JSON.stringify(tools), ...messages.map((m) => JSON.stringify(m))].join('\n'));
}
