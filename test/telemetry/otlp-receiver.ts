/** A local OTLP/HTTP collector that keeps what the JSON exporters send: spans and metric names. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
}

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}

export interface OtlpReceiver {
  url: string;
  spans: ReceivedSpan[];
  metricNames: Set<string>;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const metricNames = new Set<string>();
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const body = JSON.parse(text || '{}') as Record<string, unknown[]>;
      if (request.url === '/v1/traces') {
        for (const resource of (body.resourceSpans ?? []) as { scopeSpans: { spans: (ReceivedSpan & { attributes: OtlpAttribute[] })[] }[] }[]) {
          for (const scope of resource.scopeSpans) {
            for (const span of scope.spans) spans.push({ ...span, parentSpanId: span.parentSpanId || undefined, attributes: flatten(span.attributes) });
          }
        }
      } else if (request.url === '/v1/metrics') {
        for (const resource of (body.resourceMetrics ?? []) as { scopeMetrics: { metrics: { name: string }[] }[] }[]) {
          for (const scope of resource.scopeMetrics) for (const metric of scope.metrics) metricNames.add(metric.name);
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    metricNames,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The names of a span's ancestors, nearest first. */
export function ancestry(spans: ReceivedSpan[], span: ReceivedSpan): string[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const names: string[] = [];
  for (let parent = span.parentSpanId && byId.get(span.parentSpanId); parent; parent = parent.parentSpanId && byId.get(parent.parentSpanId)) {
    names.push(parent.name);
  }
  return names;
}

function flatten(attributes: OtlpAttribute[] = []): Record<string, unknown> {
  return Object.fromEntries(attributes.map(({ key, value }) => [key, Object.values(value)[0]]));
}
