/**
 * One worker's connection to the keeper: a call to make, join or collect,
 * then the answer (or the failure) back, with the stream's progress on the
 * way. The keeper refuses a call it must not make: one whose endpoint, key or
 * other call-shaping settings, as its own environment would send it, are not
 * the worker's (the run's calls never go out with another process's
 * credentials or settings), or whose output schema it does not know.
 */
import type { Socket } from 'node:net';
import { createModelClient } from '../models/provider.js';
import { endpointIdentity } from '../models/endpoint-identity.js';
import type { GenerateRequest } from '../models/contract.js';
import { canonicalJson } from './call-key.js';
import { callEnvironmentFingerprint } from './call-environment.js';
import type { KeptCalls } from './kept-calls.js';
import { outputSchemaNamed } from './output-schemas.js';
import { frame, onMessages, type ClientMessage, type KeeperMessage } from './protocol.js';

type CallMessage = Extract<ClientMessage, { type: 'call' }>;

export function serveConnection(socket: Socket, calls: KeptCalls, log: (line: string) => void): void {
  const send = (message: KeeperMessage) => {
    if (socket.writable) socket.write(frame(message));
  };
  socket.on('error', () => undefined); // a worker killed mid-write; 'close' follows
  onMessages<ClientMessage>(socket, (message) => {
    if (message.type === 'ack') return calls.ack(message.key);
    if (message.type === 'abort') {
      log(`${short(message.key)} aborted by its activity`);
      return calls.abort(message.key);
    }
    if (message.type !== 'call') return;
    const refusal = refusalOf(message);
    if (refusal) {
      log(`${short(message.key)} refused: ${refusal}`);
      send({ type: 'refused', reason: refusal });
      return;
    }
    const joined = calls.join(message.key, (signal, onProgress) => createModelClient(message.model, process.env).generate({ ...requestOf(message), signal, onProgress }), {
      progress: (progress) => send({ type: 'progress', progress }),
      settle: (outcome) => send(outcome.ok ? { type: 'result', result: outcome.result } : { type: 'failed', error: outcome.error }),
    });
    log(`${short(message.key)} ${message.model.spec}: ${joined.state}`);
    send({ type: 'accepted', key: message.key, state: joined.state });
    socket.once('close', joined.leave);
  });
}

function refusalOf(message: CallMessage): string | undefined {
  if (message.model.kind === 'scripted') return 'the scripted model answers in the worker';
  if (message.request.output && !outputSchemaNamed(message.request.output.name)) return `unknown output schema "${message.request.output.name}"`;
  const own = endpointIdentity(message.model, process.env);
  // Compared whole: provider, base URL, the variables that set them, and the key's fingerprint.
  if (canonicalJson(own) !== canonicalJson(message.identity)) return 'this keeper would call another endpoint or with another key';
  // Org, project, auth token, proxy, CA certificates, timeouts: whatever else the SDKs read.
  if (callEnvironmentFingerprint(process.env, message.identity) !== message.environment) return 'this keeper would send the call with other settings (its environment differs)';
  return undefined;
}

function requestOf(message: CallMessage): GenerateRequest<unknown> {
  const { output, ...rest } = message.request;
  const schema = output ? outputSchemaNamed(output.name) : undefined;
  return { ...rest, ...(output && schema ? { output: { ...output, schema } } : {}) };
}

function short(key: string): string {
  return key.slice(0, 12);
}
