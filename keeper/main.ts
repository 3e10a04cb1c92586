/**
 * The call keeper process (`node dist/keeper/main.js <socket>`): started
 * detached by the first worker that needs it, in its own session, so a
 * SIGKILL of the worker's process group leaves it running with the calls it
 * makes. It gets that worker's model-call variables and nothing else
 * (keeper/call-environment.ts; keys are never written to disk), reads nothing from any repository and runs no agent code: it only
 * makes model calls and keeps their answers. It exits once it has had no
 * worker, no call in flight and no uncollected answer for
 * TANDEM_KEEPER_IDLE_SECONDS (default 60).
 */
import { statSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { keeperIdleSecondsSetting } from '../settings/environment.js';
import { KeptCalls } from './kept-calls.js';
import { serveConnection } from './serve-connection.js';

/** Long enough for a killed worker's activity to be retried after its heartbeat timeout, on a worker started again by hand. */
const KEEP_ANSWERS_MS = 10 * 60_000;
const DEFAULT_IDLE_SECONDS = 60;

const socketPath = process.argv[2];
if (!socketPath) {
  process.stderr.write('usage: keeper/main.js <socket path>\n');
  process.exit(2);
}
const log = (line: string) => process.stderr.write(`${new Date().toISOString()} keeper ${process.pid}: ${line}\n`);
const idleMs = (keeperIdleSecondsSetting() ?? DEFAULT_IDLE_SECONDS) * 1000;
const calls = new KeptCalls(KEEP_ANSWERS_MS);
let clients = 0;
let idleSince = Date.now();
let stopping = false;
/** The socket file this keeper made: at exit it removes that file, never a newer keeper's of the same name. */
let ownSocket: string | undefined;

// The socket (and the log) are the user's alone.
process.umask(0o077);
process.on('uncaughtException', (error) => {
  log(`stopping on an unexpected error: ${error.stack ?? error.message}`);
  removeSocket();
  process.exit(1);
});

const server = createServer((socket) => {
  clients++;
  socket.once('close', () => {
    clients--;
    idleSince = Date.now();
  });
  serveConnection(socket, calls, log);
});
server.on('error', (error) => {
  log(`cannot listen on ${socketPath}: ${error.message}`);
  process.exit(1);
});
server.listen(socketPath, () => {
  ownSocket = fileIdentity(socketPath);
  log(`listening on ${socketPath}, exits after ${idleMs / 1000} s idle`);
});

const timer = setInterval(() => {
  if (stopping) return;
  if (clients > 0 || calls.busy()) {
    idleSince = Date.now();
    return;
  }
  if (Date.now() - idleSince < idleMs) return;
  stopping = true;
  clearInterval(timer);
  log('idle: exiting');
  // The name goes first: a worker arriving now starts a new keeper instead of reaching one that is closing.
  removeSocket();
  // Not server.close(): libuv unlinks the socket's path when it closes a listening pipe, and
  // that path may be a newer keeper's by now. With no worker connected there is nothing to close.
  process.exit(0);
}, Math.min(1000, Math.max(100, idleMs / 4)));

function removeSocket(): void {
  try {
    // Removed while this keeper ran, and a new keeper listens under the name now: leave it.
    if (!ownSocket || fileIdentity(socketPath!) !== ownSocket) return;
    unlinkSync(socketPath!);
  } catch {
    // already gone
  }
}

/** Device, inode and creation time: an inode number alone is reused at once for the next file made. */
function fileIdentity(path: string): string {
  const { dev, ino, birthtimeNs, ctimeNs } = statSync(path, { bigint: true });
  return [dev, ino, birthtimeNs, ctimeNs].join(':');
}
