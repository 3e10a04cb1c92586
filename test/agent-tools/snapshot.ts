import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

/** Every entry under `root` as path → content (files), '->target' (symlinks) or '/' (directories). */
export async function snapshotTree(root: string): Promise<Map<string, string>> {
  const state = new Map<string, string>();
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isSymbolicLink()) state.set(full, `->${await readlink(full)}`);
    else if (entry.isDirectory()) state.set(full, '/');
    else state.set(full, await readFile(full, 'utf8'));
  }
  return state;
}
