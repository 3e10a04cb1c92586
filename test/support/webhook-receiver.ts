/** A local HTTP server that keeps every JSON body POSTed to it: the other end of a notification webhook. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedNotification {
  path: string;
  body: { event: string; text: string; run: { plan: string }; task?: { id: string }; reason?: string; pauseKind?: string; state?: string; tasks?: { failed: number } };
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedNotification[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedNotification[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(text) as ReceivedNotification['body'] });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
