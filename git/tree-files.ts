/**
 * The file paths of a commit's tree, read through the repository's long-lived
 * object reader (object-reader.ts) instead of a `git ls-files` process: the
 * implementer's repo map needs them once per task, and a process cost more
 * than the reads. Each level's subtrees are asked for at once, so the reader
 * answers them in one round trip per level.
 */
import { readObject } from './object-reader.js';

/** More trees than this and one `ls-files` is cheaper than the reads: the caller lists the usual way. */
const MAX_TREES = 2_000;

/**
 * Every path in `rev`'s tree (files, symlinks and submodule entries; not
 * directories), unsorted; undefined when the reader cannot answer, `rev` has
 * no tree, or the tree has more than `maxTrees` directories.
 */
export async function treeFiles(repo: string, rev: string, options: { maxTrees?: number } = {}): Promise<string[] | undefined> {
  const maxTrees = options.maxTrees ?? MAX_TREES;
  const root = await readObject(repo, `${rev}^{tree}`);
  if (root === undefined || 'missing' in root || root.type !== 'tree') return undefined;
  // A tree names its entries by raw hash: 20 bytes for a sha1 repository, 32 for sha256.
  const hashBytes = root.sha.length / 2;
  const files: string[] = [];
  let level: Array<{ prefix: string; content: Buffer }> = [{ prefix: '', content: root.content }];
  let trees = 1;
  while (level.length > 0) {
    const subtrees: Array<{ prefix: string; sha: string }> = [];
    for (const { prefix, content } of level) {
      const entries = treeEntries(content, hashBytes);
      if (entries === undefined) return undefined;
      for (const entry of entries) {
        const rel = `${prefix}${entry.name}`;
        if (entry.mode === '40000') subtrees.push({ prefix: `${rel}/`, sha: entry.sha });
        else files.push(rel);
      }
    }
    trees += subtrees.length;
    if (trees > maxTrees) return undefined;
    const read = await Promise.all(subtrees.map((tree) => readObject(repo, tree.sha)));
    level = [];
    for (const [index, answer] of read.entries()) {
      if (answer === undefined || 'missing' in answer || answer.type !== 'tree') return undefined;
      level.push({ prefix: subtrees[index]!.prefix, content: answer.content });
    }
  }
  return files;
}

/** A tree object's entries: `<mode> <name>\0<raw hash>`, one after another; undefined if it is not one. */
function treeEntries(content: Buffer, hashBytes: number): Array<{ mode: string; name: string; sha: string }> | undefined {
  const entries: Array<{ mode: string; name: string; sha: string }> = [];
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(0x20, at);
    const nul = space === -1 ? -1 : content.indexOf(0, space + 1);
    if (nul === -1 || nul + 1 + hashBytes > content.length) return undefined;
    entries.push({
      mode: content.toString('latin1', at, space),
      name: content.toString('utf8', space + 1, nul),
      sha: content.toString('hex', nul + 1, nul + 1 + hashBytes),
    });
    at = nul + 1 + hashBytes;
  }
  return entries;
}
