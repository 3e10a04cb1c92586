/** Starts a bench fake model server on a free loopback port and hands it out as a LoopbackModel. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoopbackModel, RecordedRequest } from './loopback-openai.js';

/** `basePath`: what a client's base URL ends in (`/v1` for OpenAI's SDK, nothing for Anthropic's). */
export async function listenOnLoopback(server: Server, basePath: string, requests: RecordedRequest[], problems: string[]): Promise<LoopbackModel> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    assertClean() {
      if (problems.length) throw new Error(`bench loopback model:\n${problems.join('\n')}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
