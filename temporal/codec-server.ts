/**
 * A codec server: Temporal's Web UI and CLI (`--codec-endpoint`) send it the
 * payloads of a history and show what it returns, so encrypted runs can be
 * read there without the server ever holding the key.
 *
 * Protocol (the one the UI and `temporal` speak): `POST /decode` and
 * `POST /encode` with `{"payloads": [{"metadata": {name: base64}, "data": base64}]}`,
 * answered in the same shape. The UI calls it from the browser, hence CORS
 * for the UI's origin and the OPTIONS preflight; it sends `X-Namespace`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { isTandemError } from '../errors/tandem-error.js';

export interface CodecServerOptions {
  codec: PayloadCodec;
  port: number;
  /** Loopback by default: anyone who can reach the server can decrypt. */
  host?: string;
  /** Browser origins allowed to call it (the Web UI's), e.g. `http://127.0.0.1:8233`. */
  uiOrigins: string[];
}

export interface RunningCodecServer {
  url: string;
  close(): Promise<void>;
}

interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Starts listening and resolves once the port is bound. */
export async function startCodecServer(options: CodecServerOptions): Promise<RunningCodecServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    handle(options, request, response).catch((error: unknown) => reply(response, 500, { message: messageOf(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function handle(options: CodecServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const origin = request.headers.origin;
  if (origin && options.uiOrigins.includes(origin)) {
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Vary', 'Origin');
    // The UI may send its session cookie / access token along ("include credentials").
    response.setHeader('Access-Control-Allow-Credentials', 'true');
    response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
    response.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
  }
  if (request.method === 'OPTIONS') return reply(response, 204);
  const path = new URL(request.url ?? '/', 'http://codec').pathname.replace(/\/+$/, '');
  if (path !== '/encode' && path !== '/decode') return reply(response, 404, { message: 'use POST /encode or POST /decode' });
  if (request.method !== 'POST') return reply(response, 405, { message: `${path} takes POST` });

  const body = await readBody(request);
  if (body === undefined) return reply(response, 413, { message: `request body over ${MAX_BODY_BYTES} bytes` });
  let payloads: Payload[];
  try {
    const parsed = JSON.parse(body) as { payloads?: unknown };
    if (!Array.isArray(parsed.payloads)) throw new Error('expected {"payloads": [...]}');
    payloads = (parsed.payloads as JsonPayload[]).map(fromJson);
  } catch (error) {
    return reply(response, 400, { message: `bad request: ${messageOf(error)}` });
  }
  try {
    const result = path === '/encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
    reply(response, 200, { payloads: result.map(toJson) });
  } catch (error) {
    // A wrong key or a tampered payload: the caller's data is the problem, and the message says which.
    reply(response, isTandemError(error) ? 422 : 500, { message: messageOf(error) });
  }
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, body?: object): void {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

function fromJson({ metadata, data }: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
    data: data ? new Uint8Array(Buffer.from(data, 'base64')) : new Uint8Array(),
  };
}

function toJson({ metadata, data }: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(data ?? new Uint8Array()).toString('base64'),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
