import { TandemError } from '../../errors/tandem-error.js';
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
  /** `git diff --stat` output. */
  stat: string;
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
  const [patch, numstat, nameStatus, stat] = await Promise.all([
    git(repo, ['diff', ...DIFF_FLAGS, ...range]),
    git(repo, ['diff', ...DIFF_FLAGS, '--numstat', '-z', ...range]),
    git(repo, ['diff', ...DIFF_FLAGS, '--name-status', '-z', ...range]),
    git(repo, ['diff', ...DIFF_FLAGS, '--stat=200', ...range]),
  ]);

  // --name-status -z: "M\0path\0"; --numstat -z: "12\t3\tpath\0" ("-\t-\t" for binary).
  const statusFields = nameStatus.stdout.split('\0');
  const statusByPath = new Map<string, FileStatus>();
  for (let i = 0; i + 1 < statusFields.length; i += 2) {
    statusByPath.set(statusFields[i + 1] as string, STATUS[statusFields[i] as string] ?? 'modified');
  }
  const files = numstat.stdout
    .split('\0')
    .filter((record) => record !== '')
    .map((record): ChangedFile => {
      const [added = '-', deleted = '-', ...rest] = record.split('\t');
      const path = rest.join('\t');
      const binary = added === '-';
      return {
        path,
        status: statusByPath.get(path) ?? 'modified',
        additions: binary ? 0 : Number(added),
        deletions: binary ? 0 : Number(deleted),
        binary,
      };
    });

  const { text, truncated } = truncateUtf8({
    text: patch.stdout,
    maxBytes: input.maxBytes,
    marker: (shown, total) =>
      `\n[diff truncated by Tandem: ${shown} of ${total} bytes shown; ${files.length} files changed, see the file list]\n`,
  });
  return { diff: text, truncated, files, stat: stat.stdout };
}
