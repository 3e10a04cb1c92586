/**
 * Inside the sandbox (no network but its own loopback): a tiny node program
 * that listens on 127.0.0.1, passes every connection to the gateway's unix
 * socket (api-gateway.ts), and runs the agent with its base URL pointed there.
 * It exits as the agent does; the sandbox's PID namespace ends the rest.
 *
 * A script given to `node -e`, not a file: nothing of Tandem's install has to
 * be mounted, only node itself.
 */
const FORWARDER = `
const net = require('node:net');
const { spawn } = require('node:child_process');
const [socketPath, variable, command, ...args] = process.argv.slice(1);
const server = net.createServer((client) => {
  const gateway = net.connect(socketPath);
  client.pipe(gateway).pipe(client);
  client.on('error', () => gateway.destroy());
  gateway.on('error', () => client.destroy());
});
server.listen(0, '127.0.0.1', () => {
  const env = { ...process.env, [variable]: 'http://127.0.0.1:' + server.address().port };
  const agent = spawn(command, args, { stdio: 'inherit', env });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => agent.kill(signal));
  agent.on('error', (error) => { console.error(error.message); process.exit(127); });
  agent.on('exit', (code, signal) => {
    server.close();
    process.exit(signal ? 128 + (require('node:os').constants.signals[signal] || 0) : code === null ? 1 : code);
  });
});
`;

/** `node -e <forwarder> <socket> <base-URL variable> <agent> <args…>`: the command to run inside the sandbox. */
export function forwarderCommand(node: string, socketPath: string, baseUrlVariable: string, agent: readonly string[]): string[] {
  // `--`: the agent's own flags (-p, --model) are not node's.
  return [node, '-e', FORWARDER, '--', socketPath, baseUrlVariable, ...agent];
}
