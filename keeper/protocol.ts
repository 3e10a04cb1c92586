/**
 * What a worker and its call keeper say to each other over the keeper's Unix
 * socket: one JSON object per line, one call per connection. Everything here is
 * plain data (a zod schema or an Error cannot cross a process), so the request
 * names its output schema and a failure travels as the facts of a ModelCallError.
 */
import type { Socket } from 'node:net';
import type { StreamProgress } from '../models/contract.js';
import type { ModelCallErrorOptions } from '../models/errors.js';
import type { EndpointIdentity, GenerateResult, Message, ReasoningEffort, ResolvedModel, ToolSpec } from '../models/types.js';

/** Part of the keeper's address: a Tandem whose messages differ never reaches a keeper of another version. */
export const PROTOCOL_VERSION = 2;

/** A GenerateRequest as data: the output schema by name (keeper/output-schemas.ts), timeouts already resolved by the worker. */
export interface WireRequest {
  messages: Message[];
  tools?: ToolSpec[];
  output?: { name: string; description?: string };
  maxOutputTokens?: number;
  reasoningEffort?: ReasoningEffort;
  timeoutMs: number;
  stallMs: number;
}

/** A ModelCallError's facts; `unexpected` for anything else the keeper hit (a bug), which the worker does not trust. */
export type WireError =
  | (ModelCallErrorOptions & { message: string })
  | { unexpected: string };

export type ClientMessage =
  /** Make this call, or join it when the key is in flight, or collect its answer when it is kept. */
  | {
      type: 'call';
      key: string;
      identity: EndpointIdentity;
      /** The worker's callEnvironmentFingerprint: the keeper refuses a call its own environment would send otherwise. */
      environment: string;
      model: ResolvedModel;
      request: WireRequest;
    }
  /** The answer arrived: it need no longer keep the keeper alive. */
  | { type: 'ack'; key: string }
  /** The activity was cancelled (not its worker stopped): stop the call. */
  | { type: 'abort'; key: string };

export type KeeperMessage =
  /** `new`: the keeper sends it now; `in_flight`: joined a call already sent; `kept`: answered from memory. */
  | { type: 'accepted'; key: string; state: 'new' | 'in_flight' | 'kept' }
  /** The keeper will not make this call (another endpoint, key or call environment, an unknown output schema): make it yourself. */
  | { type: 'refused'; reason: string }
  | { type: 'progress'; progress: StreamProgress }
  | { type: 'result'; result: GenerateResult }
  | { type: 'failed'; error: WireError };

/** One message as it goes on the wire. */
export function frame(message: ClientMessage | KeeperMessage): string {
  return `${JSON.stringify(message)}\n`;
}

/**
 * Calls `handle` with each complete line of `socket` parsed as JSON. A line that is not
 * JSON ends the connection: the other side is not speaking this protocol.
 */
export function onMessages<M>(socket: Socket, handle: (message: M) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
      if (!line.trim()) continue;
      let message: M;
      try {
        message = JSON.parse(line) as M;
      } catch {
        socket.destroy(new Error('call keeper protocol: a line that is not JSON'));
        return;
      }
      handle(message);
    }
  });
}
