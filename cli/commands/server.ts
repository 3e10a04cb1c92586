import type { Command } from 'commander';
import { assertTemporalOnPort } from '../../temporal/connection.js';
import { devServerStatus, ensureDevServer, stopDevServer, type DevServerStatus } from '../../temporal/dev-server.js';
import { addDevServerFlags, devServerOptionsFrom, type DevServerFlags } from '../options.js';
import { isTandemVariableSet } from '../../settings/environment.js';

/** `tandem server start|stop|status`: manage the local Temporal dev server. */
export function registerServerCommand(program: Command): void {
  const server = program
    .command('server')
    .description('manage the local Temporal dev server (used when TEMPORAL_ADDRESS is not set)')
    .addHelpText(
      'after',
      '\nExamples:\n  tandem server start                 # start it (or reuse the running one); prints the Web UI URL\n  tandem server status --json\n  tandem server start --port 7300 --ui-port 8300\n  tandem server stop\n',
    );

  addDevServerFlags(server.command('start').description('start the dev server, or reuse the one already running'))
    .option('--codec-endpoint <url>', 'codec server the Web UI decodes payloads with (default: TANDEM_CODEC_ENDPOINT)')
    .action(async (flags: DevServerFlags & { codecEndpoint?: string }) => {
      warnIfExternal();
      // The dev server reads TANDEM_CODEC_ENDPOINT when it spawns; the flag is the same setting, spelled for one command.
      const env = flags.codecEndpoint ? { ...process.env, TANDEM_CODEC_ENDPOINT: flags.codecEndpoint } : undefined;
      const result = await ensureDevServer({ ...devServerOptionsFrom(flags), env });
      // A port open with no server of Tandem's: reused only when it is a Temporal server.
      if (!result.started && !result.status.managed) await assertTemporalOnPort(result.status.address);
      const headline = result.started
        ? `Temporal dev server started in ${result.startupMs ?? 0} ms`
        : 'Temporal dev server already running; reusing it';
      process.stdout.write(`${headline}\n${describeStatus(result.status)}`);
      if (!result.started && isTandemVariableSet('TANDEM_CODEC_ENDPOINT', env ?? process.env)) {
        process.stderr.write('note: the codec endpoint applies when the server starts; stop and start it again to change it.\n');
      }
    });

  addDevServerFlags(server.command('stop').description('stop the dev server Tandem started')).action(async (flags: DevServerFlags) => {
    const { stopped, status } = await stopDevServer(devServerOptionsFrom(flags));
    if (stopped) process.stdout.write(`Temporal dev server stopped (pid ${status.pid ?? '?'}).\n`);
    else if (status.running) process.stdout.write(`A Temporal server on ${status.address} was not started by Tandem; leaving it running.\n`);
    else process.stdout.write('Temporal dev server is not running.\n');
  });

  addDevServerFlags(server.command('status').description('show whether the dev server runs, its address and Web UI URL'))
    .option('--json', 'print the status as JSON')
    .action(async (flags: DevServerFlags & { json?: boolean }) => {
      const status = await devServerStatus(devServerOptionsFrom(flags));
      if (flags.json) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      else process.stdout.write(`Temporal dev server\n${describeStatus(status)}`);
    });
}

function describeStatus(status: DevServerStatus): string {
  const state = status.running
    ? `running${status.pid === undefined ? '' : ` (pid ${status.pid})`}${status.managed ? '' : ', not started by Tandem'}`
    : status.managed
      ? `starting or unresponsive (pid ${status.pid ?? '?'})`
      : 'not running (start it with `tandem server start`)';
  const lines = [
    `  status:  ${state}`,
    `  address: ${status.address}`,
    `  UI:      ${status.headless ? '(headless)' : status.uiUrl}`,
    `  db:      ${status.dbPath}`,
    `  log:     ${status.logPath}`,
  ];
  return `${lines.join('\n')}\n`;
}

function warnIfExternal(): void {
  const address = process.env.TEMPORAL_ADDRESS?.trim();
  if (address) {
    process.stderr.write(`note: TEMPORAL_ADDRESS is set (${address}), so other tandem commands use that server, not this dev server.\n`);
  }
}
