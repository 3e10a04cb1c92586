/**
 * Inside the sandbox (no network but its own loopback): a tiny node program
 * that listens on 127.0.0.1:FORWARDER_PORT, passes every connection to the
 * gateway's unix socket (api-gateway.ts), and runs the agent. It exits as the
 * agent does; the sandbox's PID namespace ends the rest.
 *
 * The port is fixed: the sandbox's network namespace is its own and nothing
 * else listens there before the forwarder, so the agent's base URL is known
 * before launch, for an environment variable (Claude Code) or a config file
 * (Codex reads its provider's base_url only from config.toml).
 *
 * A script given to `node -e`, not a file: nothing of Tandem's install has to
 * be mounted, only node itself.
 */

/** Outside the ephemeral range and the usual dev-server ports, so a project's own tests run by the agent keep theirs. */
export const FORWARDER_PORT = 28573;
/** The agent's base URL for its API inside the sandbox, without a path: the gateway maps paths 1:1 onto the endpoint's. */
export const FORWARDER_URL = `http://127.0.0.1:${FORWARDER_PORT}`;

const FORWARDER = `
const net = require('node:net');
const { spawn } = require('node:child_process');
const [socketPath, port, command, ...args] = process.argv.slice(1);
const server = net.createServer((client) => {
  const gateway = net.connect(socketPath);
  client.pipe(gateway).pipe(client);
  client.on('error', () => gateway.destroy());
  gateway.on('error', () => client.destroy());
});
server.on('error', (error) => { console.error('Tandem gateway forwarder: ' + error.message); process.exit(1); });
server.listen(Number(port), '127.0.0.1', () => {
  const agent = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => agent.kill(signal));
  agent.on('error', (error) => { console.error(error.message); process.exit(127); });
  agent.on('exit', (code, signal) => {
    server.close();
    process.exit(signal ? 128 + (require('node:os').constants.signals[signal] || 0) : code === null ? 1 : code);
  });
});
`;

/** `node -e <forwarder> <socket> <port> <agent> <args…>`: the command to run inside the sandbox. */
export function forwarderCommand(node: string, socketPath: string, agent: readonly string[]): string[] {
  // `--`: the agent's own flags (-p, --model) are not node's.
  return [node, '-e', FORWARDER, '--', socketPath, String(FORWARDER_PORT), ...agent];
}
