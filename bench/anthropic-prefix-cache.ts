/**
 * Anthropic's prompt cache, modelled for the bench's fake: a request is a
 * sequence of blocks (tools, then system blocks, then each message's content
 * blocks); a block with `cache_control` is a breakpoint. A request reads the
 * longest prefix ending at a block boundary that an earlier request wrote,
 * looking back up to 20 blocks from each of its breakpoints, and writes the
 * prefix up to each of its breakpoints. Usage follows the API:
 * `cache_read_input_tokens`, `cache_creation_input_tokens` (read to the last
 * breakpoint) and `input_tokens` (after the last breakpoint).
 *
 * Where a breakpoint sits is not part of the cached content, so moving
 * breakpoints along a conversation keeps earlier prefixes readable.
 * Simplifications: no minimum cacheable length, no expiry.
 */
import { createHash } from 'node:crypto';
import { bytesToTokens } from './prefix-cache.js';

/** The API checks this many block boundaries before each breakpoint for an earlier write. */
const LOOKBACK_BLOCKS = 20;

export interface AnthropicCacheUsage {
  input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

interface Block {
  text: string;
  breakpoint: boolean;
}

export class AnthropicPromptCache {
  private readonly written = new Set<string>();

  /** The usage of one Messages request, as the API reports it; its breakpoints are then written. */
  serve(body: { model?: string; tools?: unknown[]; system?: unknown; messages?: unknown[] }): AnthropicCacheUsage {
    const blocks = blocksOf(body);
    const hashes: string[] = [];
    const ends: number[] = [];
    let hash = createHash('sha256').update(String(body.model ?? '')).digest('hex');
    let bytes = 0;
    for (const block of blocks) {
      hash = createHash('sha256').update(hash).update(block.text).digest('hex');
      bytes += Buffer.byteLength(block.text);
      hashes.push(hash);
      ends.push(bytes);
    }
    const breakpoints = blocks.flatMap((block, index) => (block.breakpoint ? [index] : []));
    let readBytes = 0;
    for (const breakpoint of breakpoints) {
      for (let index = breakpoint; index >= Math.max(0, breakpoint - LOOKBACK_BLOCKS + 1); index--) {
        if (this.written.has(hashes[index]!)) {
          readBytes = Math.max(readBytes, ends[index]!);
          break;
        }
      }
    }
    for (const breakpoint of breakpoints) this.written.add(hashes[breakpoint]!);
    const lastBreakpoint = breakpoints.at(-1);
    const cachedBytes = Math.max(readBytes, lastBreakpoint === undefined ? 0 : ends[lastBreakpoint]!);
    const total = bytesToTokens(bytes);
    const read = Math.floor(readBytes / 4);
    const creation = Math.floor(cachedBytes / 4) - read;
    return { input_tokens: total - read - creation, cache_read_input_tokens: read, cache_creation_input_tokens: creation };
  }
}

/** Tools, system, then messages, each block rendered without its cache_control. */
function blocksOf(body: { tools?: unknown[]; system?: unknown; messages?: unknown[] }): Block[] {
  const blocks: Block[] = [];
  const add = (prefix: string, block: unknown) => {
    const { cache_control, ...content } = (typeof block === 'string' ? { type: 'text', text: block } : block) as Record<string, unknown>;
    blocks.push({ text: `${prefix}${JSON.stringify(content)}\n`, breakpoint: cache_control !== undefined });
  };
  for (const tool of body.tools ?? []) add('tool:', tool);
  for (const block of typeof body.system === 'string' ? [body.system] : ((body.system as unknown[] | undefined) ?? [])) add('system:', block);
  for (const message of (body.messages ?? []) as { role?: string; content?: unknown }[]) {
    const content = typeof message.content === 'string' ? [message.content] : ((message.content as unknown[] | undefined) ?? []);
    content.forEach((block, index) => add(index === 0 ? `${message.role}:` : '+', block));
  }
  return blocks;
}
