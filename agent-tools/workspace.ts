/**
 * Workspace confinement for the file tools. Paths are checked twice: as written
 * (lexically, catching `..` and absolute paths) and as the filesystem resolves them
 * (real paths, catching symlinks to or through directories outside). Writes are also
 * refused anywhere inside a `.git` directory: the model edits the working tree,
 * Tandem alone edits history, and a planted hook or config would run outside any
 * sandbox.
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** On success: the workspace's real path, the target's real path, and the target relative to the workspace ('/'-separated). */
export type Resolved = { ok: true; root: string; absolute: string; relative: string } | { ok: false; message: string };

type Expect = 'file' | 'directory' | 'any';

/** True when `candidate` is `root` or below it (both absolute and normalised). */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

// Code points that some filesystems ignore in names (HFS+), plus trailing dots and
// spaces that Windows ignores: `.g\u200cit` or `.git.` may name the real `.git`.
const IGNORABLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g;

/** True for a path segment that is, or may be taken by some filesystem as, `.git`. */
export function isGitDirName(segment: string): boolean {
  const name = segment.normalize('NFC').replace(IGNORABLE, '').toLowerCase().replace(/[. ]+$/, '');
  return name === '.git' || name === 'git~1';
}

function touchesGit(workspace: string, absolute: string): boolean {
  return path.relative(workspace, absolute).split(path.sep).some(isGitDirName);
}

const GIT_REFUSAL = (requested: string): string =>
  `Refused: ${requested} is in .git. Tandem manages git history itself; change working-tree files only.`;

/** The lexical absolute path for `requested`, or a refusal when it leaves the workspace as written. */
async function lexical(workspace: string, requested: string): Promise<{ root: string; absolute: string } | { message: string }> {
  if (requested.trim() === '') return { message: 'Refused: the path is empty. Give a path relative to the workspace root.' };
  if (requested.includes('\0')) return { message: `Refused: the path ${JSON.stringify(requested)} contains a NUL byte.` };
  const root = await realpath(workspace);
  const absolute = path.resolve(root, requested);
  if (!isInside(root, absolute)) {
    return { message: `Refused: ${requested} is outside the workspace. Use a path relative to the workspace root.` };
  }
  return { root, absolute };
}

const relativeTo = (root: string, absolute: string): string => path.relative(root, absolute).split(path.sep).join('/') || '.';

/** Resolves a path that must exist (and be a file or directory, as asked) inside the workspace. */
export async function resolveExisting(workspace: string, requested: string, expect: Expect): Promise<Resolved> {
  const lex = await lexical(workspace, requested);
  if ('message' in lex) return { ok: false, message: lex.message };
  let real: string;
  try {
    real = await realpath(lex.absolute);
  } catch (error) {
    return { ok: false, message: missingMessage(requested, error) };
  }
  if (!isInside(lex.root, real)) {
    return { ok: false, message: `Refused: ${requested} resolves through a symbolic link to a location outside the workspace.` };
  }
  const kind = await stat(real);
  if (expect === 'file' && kind.isDirectory()) return { ok: false, message: `${requested} is a directory, not a file. Use list_files to see what it contains.` };
  if (expect === 'file' && !kind.isFile()) return { ok: false, message: `${requested} is not a regular file.` };
  if (expect === 'directory' && !kind.isDirectory()) return { ok: false, message: `${requested} is a file, not a directory.` };
  return { ok: true, root: lex.root, absolute: real, relative: relativeTo(lex.root, real) };
}

function missingMessage(requested: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return `Refused: ${requested} is a loop of symbolic links.`;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `${requested} does not exist. Use list_files to find the right path.`;
  return `Cannot access ${requested}: ${(error as Error).message}`;
}

/**
 * Resolves a path to write: an existing file (through symlinks that stay inside) or
 * a new one below the deepest existing ancestor, which must itself resolve inside.
 * Never inside `.git`. The returned path has no symlinks left in it.
 */
export async function resolveWritable(workspace: string, requested: string): Promise<Resolved> {
  const lex = await lexical(workspace, requested);
  if ('message' in lex) return { ok: false, message: lex.message };
  const { root, absolute } = lex;
  if (absolute === root) return { ok: false, message: `${requested} is the workspace root, not a file.` };
  if (touchesGit(root, absolute)) return { ok: false, message: GIT_REFUSAL(requested) };

  // Walk up to the deepest entry that exists; the rest will be created.
  let existing = absolute;
  const missing: string[] = [];
  for (;;) {
    try {
      await lstat(existing);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') return { ok: false, message: `Refused: a parent of ${requested} is a file, not a directory.` };
      if (code !== 'ENOENT') return { ok: false, message: missingMessage(requested, error) };
      missing.unshift(path.basename(existing));
      existing = path.dirname(existing);
    }
  }
  let realExisting: string;
  try {
    realExisting = await realpath(existing);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return { ok: false, message: missingMessage(requested, error) };
    // A dangling symlink: writing through it would create its target, wherever that is.
    return { ok: false, message: `Refused: ${requested} is (or goes through) a symbolic link whose target does not exist. Write to a real path instead.` };
  }
  const target = path.join(realExisting, ...missing);
  if (!isInside(root, target)) {
    return { ok: false, message: `Refused: ${requested} resolves through a symbolic link to a location outside the workspace.` };
  }
  if (touchesGit(root, target)) return { ok: false, message: GIT_REFUSAL(requested) };
  const kind = await stat(realExisting);
  if (missing.length > 0 && !kind.isDirectory()) return { ok: false, message: `Refused: a parent of ${requested} is a file, not a directory.` };
  if (missing.length === 0 && kind.isDirectory()) return { ok: false, message: `${requested} is a directory, not a file.` };
  // A FIFO or device would block or write somewhere else entirely.
  if (missing.length === 0 && !kind.isFile()) return { ok: false, message: `Refused: ${requested} is not a regular file.` };
  return { ok: true, root, absolute: target, relative: relativeTo(root, target) };
}
