/** Starts a bench fake model server on a free loopback port and hands it out as a LoopbackModel. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fake's handle; its shape is loopback-openai.ts's LoopbackModel (not imported: that module imports this one). */
export interface ListeningFake<Request> {
  url: string;
  requests: Request[];
  assertClean(): void;
  close(): Promise<void>;
}

/** `basePath`: what a client's base URL ends in (`/v1` for OpenAI's SDK, nothing for Anthropic's). */
export async function listenOnLoopback<Request>(server: Server, basePath: string, requests: Request[], problems: string[]): Promise<ListeningFake<Request>> {
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
