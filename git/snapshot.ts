import { TandemError } from '../errors/tandem-error.js';
import { commitIdentityEnv } from './identity.js';
import { headSha, resolveCommit } from './refs.js';
import { git, gitLine } from './run-git.js';
import { quarantineNestedRepos } from './nested-repos.js';
import { withTemporaryIndex, worktreeTree } from './temp-index.js';

/*
 * Crash safety for the agent loop: after each implement step the worktree is
 * saved as a commit under refs/tandem/…, and a retried step first restores
 * the exact tree its predecessor left. Snapshots live outside refs/heads, so
 * they never show up as branches, and they keep their objects from gc.
 */

export interface SnapshotInput {
  repo: string;
  /** Full ref name under `refs/tandem/`, e.g. `refs/tandem/<run>/T3/attempt-1/step-4`. */
  ref: string;
  message?: string;
  /** Keep every version in the ref's reflog (for backups a user may want back). */
  keepHistory?: boolean;
}

export interface Snapshot {
  ref: string;
  commitSha: string;
  treeSha: string;
  /** HEAD when the snapshot was taken (the snapshot commit's parent). */
  parentSha: string;
}

async function assertSnapshotRef(repo: string, ref: string): Promise<void> {
  const ok =
    ref.startsWith('refs/tandem/') &&
    (await git(repo, ['check-ref-format', ref], { okExitCodes: [1, 128] })).exitCode === 0;
  if (!ok) {
    throw new TandemError(`"${ref}" is not a valid snapshot ref.`, {
      code: 'GIT_BAD_SNAPSHOT_REF',
      hint: 'Snapshot refs must be valid ref names under refs/tandem/.',
      context: { ref },
    });
  }
}

async function describe(repo: string, ref: string, commitSha: string): Promise<Snapshot> {
  const [treeSha = '', parentSha = ''] = (await gitLine(repo, ['show', '-s', '--format=%T %P', commitSha])).split(' ');
  return { ref, commitSha, treeSha, parentSha };
}

/**
 * Records the worktree (tracked and untracked files, not ignored ones) at
 * `ref`. Touches neither the index nor the worktree. Idempotent: when `ref`
 * already holds the same tree on the same HEAD, it is returned unchanged.
 */
export async function snapshotWorktree(input: SnapshotInput): Promise<Snapshot> {
  const { repo, ref } = input;
  await assertSnapshotRef(repo, ref);
  const treeSha = await worktreeTree({ repo });
  const parentSha = await headSha({ repo });
  const existing = await resolveCommit({ repo, rev: ref });
  if (existing !== null) {
    const previous = await describe(repo, ref, existing);
    if (previous.treeSha === treeSha && previous.parentSha === parentSha) return previous;
  }
  const commitSha = await gitLine(repo, ['commit-tree', treeSha, '-p', parentSha, '-F', '-'], {
    input: `${input.message ?? `Tandem snapshot ${ref}`}\n`,
    env: await commitIdentityEnv({ repo }),
  });
  const reflog = input.keepHistory === true ? ['--create-reflog'] : [];
  await git(repo, ['update-ref', ...reflog, '-m', input.message ?? 'tandem: snapshot', ref, commitSha]);
  return { ref, commitSha, treeSha, parentSha };
}

/**
 * Makes the worktree exactly the snapshot's tree: changed files rewritten,
 * files the snapshot lacks deleted, ignored files (node_modules, build
 * output) kept. HEAD and the real index are left alone; callers compare
 * `parentSha` with HEAD if they need the snapshot to belong to this commit.
 * Idempotent. Throws GIT_SNAPSHOT_MISSING when `ref` does not exist.
 */
export async function restoreSnapshot(input: { repo: string; ref: string }): Promise<Snapshot> {
  const { repo, ref } = input;
  await assertSnapshotRef(repo, ref);
  const commitSha = await resolveCommit({ repo, rev: ref });
  if (commitSha === null) {
    throw new TandemError(`Snapshot ${ref} does not exist.`, {
      code: 'GIT_SNAPSHOT_MISSING',
      hint: 'The step cannot be resumed from its snapshot; retry the task from its base commit.',
      context: { ref },
    });
  }
  const snapshot = await describe(repo, ref, commitSha);
  // A nested repository would make `add -A` fail, and `read-tree -u` leave it in place.
  await quarantineNestedRepos({ repo });
  await withTemporaryIndex(repo, async (env) => {
    // Index := current worktree, then a reset-style switch to the snapshot:
    // git rewrites what differs and removes what the snapshot does not have.
    await git(repo, ['add', '-A'], { env });
    await git(repo, ['read-tree', '--reset', '-u', snapshot.treeSha], { env });
  });
  return snapshot;
}

/**
 * Deletes every ref under `prefix` (e.g. `refs/tandem/<run>/T3/`) once its
 * task is committed or rolled back, so snapshot objects can be gc'd. Idempotent.
 */
export async function deleteSnapshots(input: { repo: string; prefix: string }): Promise<number> {
  if (!input.prefix.startsWith('refs/tandem/')) {
    throw new TandemError(`Refusing to delete refs under "${input.prefix}".`, {
      code: 'GIT_BAD_SNAPSHOT_REF',
      hint: 'Snapshot prefixes must start with refs/tandem/.',
      context: { prefix: input.prefix },
    });
  }
  const refs = (await gitLine(input.repo, ['for-each-ref', '--format=%(refname)', input.prefix]))
    .split('\n')
    .filter((ref) => ref !== '');
  if (refs.length > 0) {
    await git(input.repo, ['update-ref', '--stdin'], { input: refs.map((ref) => `delete ${ref}\n`).join('') });
  }
  return refs.length;
}
