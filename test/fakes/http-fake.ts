import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScriptQueue, type FakeError, type FakeReply, type RecordedRequest, type Script } from './script.js';

/** One server-sent event: `event: <event>` and its JSON `data`. */
export interface SseEvent {
  event: string;
  data: unknown;
}

/** A POST route that consumes a scripted reply, in one wire format. */
export interface FakeEndpoint {
  renderReply(reply: FakeReply, request: RecordedRequest, index: number): unknown;
  /** The reply as server-sent events, for a request with `stream: true`. */
  renderStream?(reply: FakeReply, request: RecordedRequest, index: number): SseEvent[];
  /** A protocol violation in the request, or undefined; answered with a 400 and recorded. */
  checkRequest(body: any): string | undefined;
}

/** What a vendor module tells the shared server: its routes and wire formats. */
export interface FakeVendor extends FakeEndpoint {
  name: string;
  /** POST path that consumes a scripted reply, e.g. `/v1/chat/completions`. */
  generatePath: string;
  /** Other POST paths that consume the same script in another format, e.g. OpenAI's `/v1/responses`. */
  otherGenerate?: Record<string, FakeEndpoint>;
  /** Appended to the server origin to form `url`, e.g. `/v1` for OpenAI. */
  urlSuffix: string;
  requestIdHeader: string;
  renderError(error: FakeError): unknown;
  /** Other read-only routes, e.g. `GET /v1/models`. */
  getRoutes?: Record<string, () => unknown>;
}

export interface FakeServer {
  /** Base URL to hand the SDK (OPENAI_BASE_URL / ANTHROPIC_BASE_URL). */
  url: string;
  /** Every request received, in order, including failed ones. */
  requests: RecordedRequest[];
  /** Everything that should not have happened: script exhausted, unknown route, invalid request. */
  unexpected: string[];
  push(...replies: FakeReply[]): void;
  /** Queued replies not yet consumed. */
  readonly remaining: number;
  /** Throws when anything unexpected happened; call it at the end of each test. */
  assertClean(): void;
  close(): Promise<void>;
}

/** `port` 0 (the default) lets the OS pick; a test of a provider coming back names the port it was refused on. */
export async function startFakeServer(vendor: FakeVendor, script?: Script, port = 0): Promise<FakeServer> {
  const queue = new ScriptQueue(script);
  const requests: RecordedRequest[] = [];
  const unexpected: string[] = [];
  let generateCount = 0;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    if (res.destroyed) return; // the client gave up (timeout/abort)
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', [vendor.requestIdHeader]: `req_fake_${requests.length}`, ...headers });
    res.end(text);
  };
  const fail = (res: ServerResponse, status: number, problem: string, type?: string): void => {
    unexpected.push(problem);
    send(res, status, vendor.renderError({ status, message: problem, type }));
  };

  const server = createServer(async (req, res) => {
    const recorded = await record(req);
    requests.push(recorded);
    const getRoute = req.method === 'GET' ? vendor.getRoutes?.[recorded.path] : undefined;
    if (getRoute) return send(res, 200, getRoute());
    // Claude Code checks it can reach the API with a HEAD before its first request.
    if (req.method === 'HEAD') return void res.writeHead(200).end();
    const endpoint = recorded.path === vendor.generatePath ? vendor : vendor.otherGenerate?.[recorded.path];
    if (req.method !== 'POST' || !endpoint) {
      return fail(res, 404, `${vendor.name} fake: unexpected ${req.method} ${recorded.path}`);
    }
    const index = generateCount++;
    const violation = endpoint.checkRequest(recorded.body);
    if (violation) return fail(res, 400, `${vendor.name} fake: invalid request #${index}: ${violation}`, 'invalid_request_error');
    const reply = await queue.next(recorded, index);
    if (!reply) return fail(res, 500, `${vendor.name} fake script exhausted: no reply for request #${index} to ${recorded.path}`);
    if (reply.hang) return; // the socket stays open until the client gives up or close()
    if (reply.reset) return void req.socket.destroy();
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply.error) return send(res, reply.error.status, vendor.renderError(reply.error), reply.error.headers);
    if (reply.rawBody !== undefined) return send(res, 200, reply.rawBody, reply.rawContentType ? { 'content-type': reply.rawContentType } : {});
    if (recorded.body?.stream === true && endpoint.renderStream) {
      return sendEvents(res, endpoint.renderStream(reply, recorded, index), reply, { [vendor.requestIdHeader]: `req_fake_${requests.length}` });
    }
    send(res, 200, endpoint.renderReply(reply, recorded, index));
  });

  // Loopback only: tests never open a port to the network.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}${vendor.urlSuffix}`,
    requests,
    unexpected,
    push: (...replies) => queue.push(...replies),
    get remaining() {
      return queue.remaining;
    },
    assertClean() {
      if (unexpected.length) throw new Error(`${vendor.name} fake saw unexpected traffic:\n${unexpected.join('\n')}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // ends hanging replies too
        server.close(() => resolve());
      }),
  };
}

/**
 * Writes the events as `text/event-stream`, `gapMs` apart. `stallAfterEvents` then
 * keeps the socket open in silence; `cutAfterEvents` ends the body early, as a
 * dropped connection behind a proxy does.
 */
async function sendEvents(res: ServerResponse, events: SseEvent[], reply: FakeReply, headers: Record<string, string>): Promise<void> {
  const { gapMs = 0, stallAfterEvents, cutAfterEvents } = reply.stream ?? {};
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  for (const [i, event] of events.entries()) {
    if (res.destroyed) return;
    if (i === stallAfterEvents) return; // silent until the client gives up or close()
    if (i === cutAfterEvents) return void res.end();
    if (i > 0 && gapMs) await new Promise((r) => setTimeout(r, gapMs));
    res.write(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
  }
  res.end();
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  let body: unknown = rawBody;
  try {
    body = rawBody ? JSON.parse(rawBody) : undefined;
  } catch {
    // keep the raw text; the vendor check reports it
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', headers, body, rawBody };
}
