import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { tandemHomeSetting } from '../settings/environment.js';

/**
 * Tandem's state directory: `TANDEM_HOME` when set, otherwise `~/.tandem`.
 * Holds the dev server's SQLite database, its log and its pid record.
 */
export function tandemHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = tandemHomeSetting(env);
  return fromEnv ? resolve(fromEnv) : join(homedir(), '.tandem');
}

/** Like {@link tandemHome}, but creates the directory first. */
export async function ensureTandemHome(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = tandemHome(env);
  await mkdir(dir, { recursive: true });
  return dir;
}
