import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingServer {
  url: string;
  port: number;
  /** Connections accepted so far (a sandboxed command must not add any). */
  requests(): number;
  close(): Promise<void>;
}

/** A loopback HTTP server that counts connections, to prove network attempts never arrive. */
export async function startCountingServer(): Promise<CountingServer> {
  let connections = 0;
  const server = createServer((_req, res) => res.end('reached\n'));
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    requests: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
