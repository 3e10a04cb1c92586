/**
 * Reads the usage out of one model reply as it passes through Tandem's gateway
 * (api-gateway.ts), streamed (server-sent events) or whole (JSON), without
 * holding the reply back. The gateway is outside the sandbox and sees what the
 * API bills; the agent's own events are not: a command the agent runs can write
 * into its session files, and into its stdout through /proc. What the gateway
 * meters is the least a session is charged (metered-usage.ts).
 */
import { StringDecoder } from 'node:string_decoder';
import { anthropicUsage, responsesUsage } from '../models/wire-usage.js';
import type { Usage } from '../models/types.js';

/** The wire format of the replies a metered route returns. */
export type MeteredWire = 'anthropic-messages' | 'openai-responses';

/** A whole JSON reply is read once it ends; past this it is passed on unread (no API sends one that large). */
const MAX_JSON_BYTES = 16 * 1024 * 1024;
/** One event line of a stream; a longer one is skipped, the rest of the stream still read. */
const MAX_LINE_CHARS = 4 * 1024 * 1024;
/** Responses' last events: each carries the response, with its usage. */
const RESPONSES_ENDINGS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export class ReplyMeter {
  private readonly decoder = new StringDecoder('utf8');
  private readonly streamed: boolean;
  private pending = '';
  private skipping = false;
  private jsonBytes = 0;
  private found: Record<string, unknown> | undefined;

  constructor(
    private readonly wire: MeteredWire,
    contentType: string | undefined,
  ) {
    this.streamed = /^\s*text\/event-stream/i.test(contentType ?? '');
  }

  push(chunk: Buffer): void {
    if (!this.streamed) {
      this.jsonBytes += chunk.length;
      if (this.jsonBytes <= MAX_JSON_BYTES) this.pending += this.decoder.write(chunk);
      return;
    }
    const text = this.decoder.write(chunk);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      // A line cut short by the cap is not read: its end is no line of its own.
      if (!this.skipping) this.line(this.pending + text.slice(start, end));
      this.pending = '';
      this.skipping = false;
      start = end + 1;
    }
    if (this.skipping) return;
    this.pending += text.slice(start);
    if (this.pending.length > MAX_LINE_CHARS) {
      this.pending = '';
      this.skipping = true;
    }
  }

  /** The reply's usage once it ended (or was cut), or undefined when it carried none. */
  usage(): Usage | undefined {
    if (this.streamed) {
      if (!this.skipping) this.line(this.pending + this.decoder.end());
    } else if (this.jsonBytes <= MAX_JSON_BYTES) {
      const body = parse(this.pending + this.decoder.end());
      const usage = body?.usage;
      if (typeof usage === 'object' && usage !== null) this.found = usage as Record<string, unknown>;
    }
    this.pending = '';
    if (this.found === undefined) return undefined;
    return this.wire === 'anthropic-messages' ? anthropicUsage(this.found) : responsesUsage(this.found);
  }

  private line(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.startsWith('data:')) return;
    const event = parse(line.slice(5).trim());
    if (event === undefined) return;
    if (this.wire === 'openai-responses') {
      const response = event.response as Record<string, unknown> | undefined;
      if (RESPONSES_ENDINGS.has(String(event.type)) && typeof response?.usage === 'object' && response.usage !== null) this.found = response.usage as Record<string, unknown>;
      return;
    }
    // Anthropic: message_start carries the input side, each message_delta the output so far (and,
    // from newer APIs, input figures too): later fields replace earlier ones.
    const usage = event.type === 'message_start' ? (event.message as Record<string, unknown> | undefined)?.usage : event.type === 'message_delta' ? event.usage : undefined;
    if (typeof usage === 'object' && usage !== null) this.found = { ...this.found, ...withoutNulls(usage as Record<string, unknown>) };
  }
}

function parse(text: string): Record<string, any> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, any>) : undefined;
  } catch {
    return undefined;
  }
}

/** message_delta sends `null` for the figures it does not update. */
function withoutNulls(usage: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(usage).filter(([, value]) => value !== null && value !== undefined));
}
