/** Telling a gRPC server's port from another program's, without trusting the client's racy transport error. */
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeHttp2 } from '../../temporal/http2-probe.js';

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: net.Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

describe('the HTTP/2 probe', () => {
  it('says http2 for a server that speaks it (as gRPC does)', async () => {
    const port = await listen(http2.createServer() as unknown as net.Server);
    expect(await probeHttp2('127.0.0.1', port)).toBe('http2');
  });

  it('says other for an HTTP/1 web server, which answers 400 and hangs up', async () => {
    const port = await listen(http.createServer((_request, response) => response.end('not temporal')));
    expect(await probeHttp2('127.0.0.1', port)).toBe('other');
  });

  it('says other for a program that accepts and stays silent, and for one that hangs up at once', async () => {
    const silent = await listen(net.createServer(() => undefined));
    expect(await probeHttp2('127.0.0.1', silent, 300)).toBe('other');
    const rude = await listen(net.createServer((socket) => socket.destroy()));
    expect(await probeHttp2('127.0.0.1', rude)).toBe('other');
  });

  it('says nothing for a port no program listens on', async () => {
    const port = await listen(net.createServer());
    await new Promise((resolve) => servers.pop()!.close(resolve));
    expect(await probeHttp2('127.0.0.1', port)).toBe('nothing');
  });
});
