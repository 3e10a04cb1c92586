import { TandemError } from '../errors/tandem-error.js';
import { resolveCommit } from './refs.js';
import { git } from './run-git.js';
import { worktreeTree } from './temp-index.js';
import { truncateUtf8 } from './truncate.js';

export interface DiffSinceInput {
  repo: string;
  baseSha: string;
  /** Upper bound on `diff`'s size in UTF-8 bytes, marker included. */
  maxBytes: number;
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
const DIFF_FLAGS = ['--no-color', '--no-ext-diff', '--no-textconv', '--no-renames'];

/**
 * What changed since `baseSha`, untracked new files included (ignored files
 * excluded), as reviewers should see it. Reads the worktree through a
 * temporary index, so the user's index is never touched.
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
  const tree = await worktreeTree({ repo });
  const range = [base, tree];
  // Two processes, not four: --raw and --numstat share one run (a review runs this once per attempt).
  const [patch, summary] = await Promise.all([
    git(repo, ['diff', ...DIFF_FLAGS, ...range]),
    git(repo, ['diff', ...DIFF_FLAGS, '--raw', '--numstat', '-z', ...range]),
  ]);
  const files = parseRawNumstat(summary.stdout);

  const { text, truncated } = truncateUtf8({
    text: patch.stdout,
    maxBytes: input.maxBytes,
    marker: (shown, total) =>
      `\n[diff truncated by Tandem: ${shown} of ${total} bytes shown; ${files.length} files changed, see the list of changed files]\n`,
  });
  return { diff: text, truncated, files };
}

/**
 * `--raw --numstat -z` output: first one raw record per file (":100644 100644 abc def M\0path\0"),
 * then one numstat record per file ("12\t3\tpath\0", "-\t-\tpath\0" for binary), in the same order.
 */
function parseRawNumstat(output: string): ChangedFile[] {
  const fields = output.split('\0');
  const statuses: { path: string; status: FileStatus }[] = [];
  let i = 0;
  while (i + 1 < fields.length && fields[i]!.startsWith(':')) {
    const code = fields[i]!.split(' ').pop() ?? 'M';
    statuses.push({ path: fields[i + 1]!, status: STATUS[code.charAt(0)] ?? 'modified' });
    i += 2;
  }
  const counts = new Map<string, { additions: number; deletions: number; binary: boolean }>();
  for (const record of fields.slice(i)) {
    if (record === '') continue;
    const [added = '-', deleted = '-', ...rest] = record.split('\t');
    const binary = added === '-';
    counts.set(rest.join('\t'), { additions: binary ? 0 : Number(added), deletions: binary ? 0 : Number(deleted), binary });
  }
  return statuses.map(({ path, status }) => ({ path, status, ...(counts.get(path) ?? { additions: 0, deletions: 0, binary: false }) }));
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
