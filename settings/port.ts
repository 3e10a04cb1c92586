/** A TCP port setting, from a flag (`--port`) or an environment variable (TANDEM_TEMPORAL_PORT). */
import { TandemError } from '../errors/tandem-error.js';

/** Parses a TCP port from a flag or env var; undefined when unset. Throws TandemError `INVALID_PORT` naming `setting`. */
export function parsePort(value: string | undefined, setting: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TandemError(`${setting} must be a TCP port between 1 and 65535, got "${value}".`, {
      code: 'INVALID_PORT',
      hint: `Set ${setting} to a free port number, e.g. 7233.`,
      context: { setting },
    });
  }
  return port;
}
