import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Ports are drawn from BELOW the kernel's ephemeral range on purpose: a
 * Temporal dev server binds its internal services (HTTP API, membership,
 * metrics) to OS-picked ephemeral ports, so a port the OS handed us a moment
 * ago can be taken by one of them before our server binds it (CI saw exactly
 * that: "bind: address already in use" for the UI port).
 */
const RANGE_START = 20_000;
const handedOut = new Set<number>();

function ephemeralLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return low !== undefined && Number.isInteger(low) && low > RANGE_START + 1000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago and that the OS will not hand out as an ephemeral port. */
export async function freePort(): Promise<number> {
  const end = ephemeralLow();
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = RANGE_START + Math.floor(Math.random() * (end - RANGE_START));
    if (handedOut.has(port)) continue;
    if (await canBind(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found between ${RANGE_START} and ${end}`);
}
