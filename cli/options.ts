import type { Command } from 'commander';
import { parsePort } from '../settings/port.js';

/** Flags every command that may start the local dev server accepts. */
export interface DevServerFlags {
  port?: string;
  uiPort?: string;
}

export function addDevServerFlags(command: Command): Command {
  return command
    .option('--port <port>', 'dev server gRPC port (default: TANDEM_TEMPORAL_PORT or 7233)')
    .option('--ui-port <port>', 'dev server Web UI port (default: TANDEM_TEMPORAL_UI_PORT or 8233)');
}

/** Turns the flags into DevServerOptions fields; throws TandemError `INVALID_PORT` for junk. */
export function devServerOptionsFrom(flags: DevServerFlags): { port?: number; uiPort?: number } {
  return { port: parsePort(flags.port, '--port'), uiPort: parsePort(flags.uiPort, '--ui-port') };
}
