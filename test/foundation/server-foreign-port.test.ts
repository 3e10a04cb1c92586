/**
 * `tandem server start` with its port held by a program that is not Temporal (a
 * web server, a plain TCP service): refused, naming the port, instead of "already
 * running; reusing it" and exit 0, after which every command failed on that port.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../temporal/free-port.js';
import { runCli } from '../support/cli.js';
import { privateServerEnv, type PrivateServerEnv } from '../support/private-server.js';

let server: PrivateServerEnv;
beforeAll(async () => {
  server = await privateServerEnv('tandem-foreign-port');
});
afterAll(async () => {
  await server?.dispose(); // stops a dev server in case the start went ahead after all
});

const foreign = {
  'a web server': () => http.createServer((_request, response) => response.end('not temporal')),
  'a TCP service with a banner': () => net.createServer((socket) => socket.on('error', () => undefined).write('SSH-2.0-OpenSSH_9.6\r\n')),
};

it.each(Object.entries(foreign))('refuses a port held by %s, exit 3, with a hint to stop it or pick another port', async (_name, listen) => {
  const port = await freePort();
  const listener = listen();
  const sockets = new Set<net.Socket>();
  listener.on('connection', (socket: net.Socket) => sockets.add(socket));
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(port, '127.0.0.1', resolve);
  });
  try {
    const result = await runCli(['server', 'start', '--port', String(port)], { env: server.env });
    expect(result.exitCode, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).not.toMatch(/reusing|started/);
    expect(result.stderr).toContain(`error [TEMPORAL_DEV_SERVER_START_FAILED]: Port ${port} (127.0.0.1:${port}) is held by a process that does not speak Temporal's gRPC`);
    expect(result.stderr).toContain(`hint: Another program listens on 127.0.0.1:${port}. Stop it, or give Tandem's dev server another port (--port, or TANDEM_TEMPORAL_PORT).`);
    expect(result.stderr).not.toMatch(/tonic|hyper::Error|\n\s+at /);
  } finally {
    const closed = new Promise((resolve) => listener.close(resolve));
    for (const socket of sockets) socket.destroy();
    await closed;
  }
});
