import { statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { TandemError } from '../errors/tandem-error.js';
import { tandemHomeSetting } from '../settings/environment.js';

/**
 * Tandem's state directory: `TANDEM_HOME` when set, otherwise `~/.tandem`.
 * Holds the dev server's SQLite database, its log and its pid record. Throws TandemError
 * `STATE_DIR_INVALID` when a file stands where the directory is (or would be made).
 */
export function tandemHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = tandemHomeSetting(env);
  const dir = fromEnv ? resolve(fromEnv) : join(homedir(), '.tandem');
  const file = fileInTheWay(dir);
  if (file !== undefined) {
    // Every command that keeps state gets here first: one clear error, not ENOTDIR from whichever file it touched.
    const setting = fromEnv ? `TANDEM_HOME (${dir})` : `Tandem's state directory ${dir}`;
    throw new TandemError(`${setting} is not a directory: ${file === dir ? 'it is a file' : `${file} on its path is a file`}.`, {
      code: 'STATE_DIR_INVALID',
      hint: fromEnv ? 'Set TANDEM_HOME to a directory (created if missing), or unset it to use ~/.tandem.' : 'Move that file away, or set TANDEM_HOME to a directory.',
      context: { setting: 'TANDEM_HOME', file },
    });
  }
  return dir;
}

/** The file that stops `dir` from being a directory (itself, or the nearest existing path above it), if any. */
function fileInTheWay(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    let found: ReturnType<typeof statSync>;
    try {
      found = statSync(at, { throwIfNoEntry: false });
    } catch {
      found = undefined; // ENOTDIR: a file further up answers
    }
    if (found) return found.isDirectory() ? undefined : at;
    if (dirname(at) === at) return undefined;
  }
}

/** Like {@link tandemHome}, but creates the directory first. */
export async function ensureTandemHome(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = tandemHome(env);
  await mkdir(dir, { recursive: true });
  return dir;
}
