import { TandemError } from '../errors/tandem-error.js';
import { resolveCommit } from './refs.js';
import { git } from './run-git.js';
import { quarantineAndScan } from './nested-repos.js';
import { dropStaging, keepStaging } from './reviewed-staging.js';
import { withTemporaryIndex } from './temp-index.js';
import { sealWorktree } from './worktree-seal.js';
import { truncateUtf8 } from './truncate.js';

export interface DiffSinceInput {
  repo: string;
  baseSha: string;
  /** Upper bound on `diff`'s size in UTF-8 bytes, marker included. */
  maxBytes: number;
  /** Keep the staged worktree and its seal here, for the task's commit (reviewed-staging.ts); not kept when it holds a gitlink. */
  keepStagingIn?: string;
}

export type FileStatus = 'added' | 'modified' | 'deleted' | 'type-changed';

export interface ChangedFile {
  path: string;
  status: FileStatus;
  /** Lines added; 0 for binary files. */
  additions: number;
  deletions: number;
  binary: boolean;
}

export interface DiffSinceResult {
  /** Unified diff from `baseSha` to the worktree, cut at a line end when too long. */
  diff: string;
  truncated: boolean;
  /** Every changed file, even when `diff` is truncated. */
  files: ChangedFile[];
}

const STATUS: Record<string, FileStatus> = { A: 'added', M: 'modified', D: 'deleted', T: 'type-changed' };
/** Files and symlinks: what the seal can check against the worktree by content (worktree-seal.ts). */
const STAGED_CONTENT_MODES = new Set(['100644', '100755', '120000']);
const DIFF_FLAGS = ['--no-color', '--no-ext-diff', '--no-textconv', '--no-renames'];
/**
 * A seal stats every listed file synchronously, here and again in the commit (a local activity,
 * inside a workflow task): about 10 µs each on a busy machine. Past this many files the commit
 * lists and stages the worktree itself, in git processes that do not hold up the worker's thread.
 */
const MAX_SEALED_FILES = 1_000;

/**
 * What changed since `baseSha`, untracked new files included (ignored files
 * excluded), as reviewers should see it. Reads the worktree through a
 * temporary index, so the user's index is never touched. Moves nested
 * repositories out first (nested-repos.ts).
 */
export async function diffSince(input: DiffSinceInput): Promise<DiffSinceResult> {
  const { repo } = input;
  const base = await resolveCommit({ repo, rev: input.baseSha });
  if (base === null) {
    throw new TandemError(`Base commit ${input.baseSha} does not exist.`, {
      code: 'GIT_BAD_BASE',
      hint: 'The run branch was rewritten; check `git log` and resume from a known commit.',
      context: { baseSha: input.baseSha },
    });
  }
  // Nested repositories would make `add -A` fail, or enter the diff as gitlinks.
  const scan = await quarantineAndScan({ repo });
  // Sealed before `add -A` reads the files: a change while it runs breaks the seal rather than slipping past it.
  const keep = input.keepStagingIn !== undefined && !scan.indexHasGitlinks && scan.moved.length === 0 && scan.files.length <= MAX_SEALED_FILES;
  const seal = keep ? sealWorktree(repo, scan.files) : undefined;
  // One process for the file list, the counts and the patch, against the worktree staged into a
  // private index (no tree object written): a review runs this once per attempt.
  const { files, patch } = await withTemporaryIndex(repo, async (env) => {
    await git(repo, ['add', '-A'], { env });
    // `--no-abbrev`: the raw records' full blob ids (the seal's); the patch is as without it.
    const parsed = parseDiffOutput((await git(repo, ['diff', ...DIFF_FLAGS, '--cached', '--raw', '--no-abbrev', '--numstat', '--patch', '-z', base], { env })).stdout);
    // A repository that appeared between the listing and `add -A` is a gitlink here: no staging to keep then.
    if (seal !== undefined && !parsed.gitlinks) await keepStaging({ dir: input.keepStagingIn!, indexFile: env.GIT_INDEX_FILE!, base, seal: { ...seal, blobs: parsed.blobs } });
    else if (input.keepStagingIn !== undefined) await dropStaging(input.keepStagingIn);
    return parsed;
  });

  const { text, truncated } = truncateUtf8({
    text: patch,
    maxBytes: input.maxBytes,
    marker: (shown, total) =>
      `\n[diff truncated by Tandem: ${shown} of ${total} bytes shown; ${files.length} files changed, see the list of changed files]\n`,
  });
  return { diff: text, truncated, files };
}

/**
 * `--raw --numstat --patch -z` output: first one raw record per file
 * (":100644 100644 abc def M\0path\0"), then one numstat record per file
 * ("12\t3\tpath\0", "-\t-\tpath\0" for binary) in the same order, then a NUL,
 * then the patch exactly as plain `git diff` prints it. Nothing at all when nothing changed.
 * `gitlinks`: some changed path is or was a gitlink (mode 160000). `blobs`: the staged blob of each
 * added or changed file and symlink, by path (full ids with `--no-abbrev`).
 */
export function parseDiffOutput(output: string): { files: ChangedFile[]; patch: string; gitlinks: boolean; blobs: Record<string, string> } {
  const statuses: { path: string; status: FileStatus }[] = [];
  const blobs: Record<string, string> = {};
  let gitlinks = false;
  let at = 0;
  const field = (): string => {
    const end = output.indexOf('\0', at);
    const value = output.slice(at, end === -1 ? output.length : end);
    at = end === -1 ? output.length : end + 1;
    return value;
  };
  while (output.startsWith(':', at)) {
    const meta = field().split(' ');
    const code = meta.pop() ?? 'M';
    if (meta[0] === ':160000' || meta[1] === '160000') gitlinks = true;
    const path = field();
    const status = STATUS[code.charAt(0)] ?? 'modified';
    if (status !== 'deleted' && STAGED_CONTENT_MODES.has(meta[1] ?? '') && meta[3] !== undefined) blobs[path] = meta[3];
    statuses.push({ path, status });
  }
  const counts = new Map<string, { additions: number; deletions: number; binary: boolean }>();
  for (let index = 0; index < statuses.length; index++) {
    const [added = '-', deleted = '-', ...rest] = field().split('\t');
    const binary = added === '-';
    counts.set(rest.join('\t'), { additions: binary ? 0 : Number(added), deletions: binary ? 0 : Number(deleted), binary });
  }
  // The separator between the summaries and the patch.
  if (output.charAt(at) === '\0') at++;
  const files = statuses.map(({ path, status }) => ({ path, status, ...(counts.get(path) ?? { additions: 0, deletions: 0, binary: false }) }));
  return { files, patch: output.slice(at), gitlinks, blobs };
}

const MAX_LISTED_FILES = 200;

/** The changed files as a short list for a reviewer: `- src/a.ts (modified, +12 −3)`. */
export function describeChangedFiles(files: readonly ChangedFile[]): string {
  const lines = files.slice(0, MAX_LISTED_FILES).map((file) => {
    const counts = file.binary ? 'binary' : `+${file.additions} −${file.deletions}`;
    return `- ${file.path} (${file.status}, ${counts})`;
  });
  if (files.length > MAX_LISTED_FILES) lines.push(`- … and ${files.length - MAX_LISTED_FILES} more files`);
  return lines.join('\n');
}
