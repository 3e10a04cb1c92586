/**
 * Every `git commit` starts `git maintenance run --auto`, a process of its
 * own (about a third of a small commit's time here), which almost always finds
 * nothing to do. Tandem makes the same check git's `gc --auto` makes, without
 * a process, and tells the commit to skip maintenance only when that check
 * says there is nothing to do; whenever maintenance may be due, or the user
 * configured any `maintenance.*` task, git runs it as it always would.
 *
 * git's check (builtin/gc.c): more than ceil(gc.auto / 256) loose objects in
 * `objects/17` (a sample of 1/256 of them), or at least gc.autoPackLimit packs
 * without a `.keep` file.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { gitDirsOf } from './git-dir.js';
import { effectiveConfig } from './safe-env.js';

const DEFAULT_GC_AUTO = 6700;
const DEFAULT_PACK_LIMIT = 50;
const SKIP: ReadonlyArray<readonly [string, string]> = [['maintenance.auto', 'false']];

/** Command-line configuration for a commit in `repo`: `maintenance.auto=false` when it would do nothing, else none. */
export async function skipIdleMaintenance(repo: string): Promise<ReadonlyArray<readonly [string, string]>> {
  const dirs = gitDirsOf(repo);
  if (dirs === undefined) return [];
  const listed = await effectiveConfig(repo);
  if (!('list' in listed)) return [];
  let gcAuto = DEFAULT_GC_AUTO;
  let packLimit = DEFAULT_PACK_LIMIT;
  for (const record of listed.list.split('\0')) {
    const [key = '', ...rest] = record.split('\n');
    const name = key.toLowerCase();
    // A maintenance strategy or task the user chose has checks of its own: leave it to git.
    if (name.startsWith('maintenance.')) return [];
    if (name === 'gc.auto') gcAuto = integer(rest.join('\n'));
    if (name === 'gc.autopacklimit') packLimit = integer(rest.join('\n'));
  }
  // Unreadable numbers: let git decide.
  if (Number.isNaN(gcAuto) || Number.isNaN(packLimit)) return [];
  const objects = path.join(dirs.commonDir, 'objects');
  if (gcAuto > 0 && entries(path.join(objects, '17')).filter((name) => /^[0-9a-f]{38}([0-9a-f]{24})?$/.test(name)).length > Math.ceil(gcAuto / 256) - 1) return [];
  if (packLimit > 0) {
    const names = entries(path.join(objects, 'pack'));
    const packs = names.filter((name) => name.endsWith('.pack') && !names.includes(`${name.slice(0, -5)}.keep`));
    if (packs.length >= packLimit - 1) return [];
  }
  return SKIP;
}

/** git's integer syntax for these keys: digits with an optional k, m or g. */
function integer(value: string): number {
  const match = /^\s*(-?\d+)([kmg]?)\s*$/i.exec(value);
  if (!match) return Number.NaN;
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(match[1]) * scale;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
