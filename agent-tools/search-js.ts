/**
 * The search tool outside a git work tree: walk the files with list_files' rules
 * (no .git, no node_modules, no symlinks followed, .gitignore honoured when there is
 * one) and test each line of each text file.
 */
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { looksBinary } from './file-io.js';
import { withoutIgnored } from './git-files.js';
import { ALWAYS_IGNORED } from './list-files.js';
import type { Match } from './search-match.js';
import { isInside } from './workspace.js';

/** Skipped: generated bundles and data files, which drown real matches. */
const MAX_SEARCHED_FILE_BYTES = 2 * 1024 * 1024;

/** Up to `limit` matches of `regex` in `target` (a file or directory inside the real workspace `root`). */
export async function searchWithJs(root: string, target: string, regex: RegExp, limit: number): Promise<Match[]> {
  const info = await lstat(target);
  const candidates = info.isDirectory()
    ? (
        await glob('**/*', { cwd: target, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: ALWAYS_IGNORED, absolute: true })
      ).sort()
    : [target];
  const relative = candidates.filter((abs) => isInside(root, abs)).map((abs) => path.relative(root, abs).split(path.sep).join('/'));
  const matches: Match[] = [];
  for (const file of await withoutIgnored(root, relative)) {
    const absolute = path.join(root, file);
    const stats = await lstat(absolute);
    // Like git grep: a symlink is not followed, whatever it points at.
    if (!stats.isFile() || stats.size > MAX_SEARCHED_FILE_BYTES) continue;
    const bytes = await readFile(absolute);
    if (looksBinary(bytes)) continue;
    const lines = bytes.toString('utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const text = (lines[i] ?? '').replace(/\r$/, '');
      if (!regex.test(text)) continue;
      matches.push({ file, line: i + 1, text });
      if (matches.length >= limit) return matches;
    }
  }
  return matches;
}
