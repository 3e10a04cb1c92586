import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, shownUrl, WebhookError } from '../../notify/webhook.js';
import { freePort } from '../../temporal/free-port.js';

/** The error a promise rejects with; fails the test when it resolves. */
function rejection(promise: Promise<unknown>): Promise<WebhookError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as WebhookError,
  );
}

describe('postWebhook', () => {
  let server: Server;
  let base: string;
  const received: { path: string; body: unknown }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body: JSON.parse(text) });
        const status = request.url?.includes('refuse') ? 403 : request.url?.includes('down') ? 503 : 200;
        response.writeHead(status).end(status === 200 ? 'ok' : `no: token in ${request.url}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('POSTs the body as JSON', async () => {
    await postWebhook(`${base}/hook/ok`, { event: 'run_finished' });
    expect(received.at(-1)).toEqual({ path: '/hook/ok', body: { event: 'run_finished' } });
  });

  it('a refusal is final, a 5xx is worth a retry, and neither message shows the URL\'s token', async () => {
    const refused = await rejection(postWebhook(`${base}/refuse/s3cr3t-token`, {}));
    expect(refused).toBeInstanceOf(WebhookError);
    expect((refused as WebhookError).retryable).toBe(false);
    expect((refused as Error).message).toMatch(/answered 403/);
    expect((refused as Error).message).not.toContain('s3cr3t-token');
    const down = (await rejection(postWebhook(`${base}/down/s3cr3t-token`, {})));
    expect(down.retryable).toBe(true);
    expect(down.message).not.toContain('s3cr3t-token');
  });

  it('an unreachable receiver is a retryable error naming only the origin', async () => {
    const port = await freePort();
    const error = (await rejection(postWebhook(`http://127.0.0.1:${port}/services/T0/B0/s3cr3t-token`, {})));
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`webhook http://127.0.0.1:${port}/[REDACTED] unreachable: ECONNREFUSED`);
  });

  it('shows a URL without its path', () => {
    expect(shownUrl('https://hooks.slack.com/services/T0/B0/xyz')).toBe('https://hooks.slack.com/[REDACTED]');
    expect(shownUrl('not a url')).toBe('[REDACTED webhook URL]');
  });
});
