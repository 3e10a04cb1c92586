/**
 * Proof, without starting git, that the worktree is as it was when it was
 * listed: the review seals it, and the task's commit checks the seal before it
 * writes the review's staging instead of listing and staging again.
 *
 * What a seal covers: every listed file (tracked and untracked, not ignored),
 * every directory above one, and the worktree root. A file's content cannot
 * change without its size, mtime or ctime changing, and a directory gains or
 * loses an entry (a new file, a `git init`, a rename) only by changing its
 * mtime. What it does not cover (a file created inside a directory that held
 * no listed file, an ignore rule changed outside the worktree) does not reach
 * the commit either: the commit is the review's staging, never the worktree.
 *
 * Racy entries: a timestamp has a tick (a few ms, or 2 s on old file systems),
 * and a second write in the same tick as the one stat saw, of the same size,
 * leaves every stat field as it was. For an entry changed less than a tick
 * before sealing, the seal also keeps a digest of its content (a directory's:
 * its names), and checks that too — git's own answer to "racily clean" files.
 *
 * Changed files: a write through a shared memory map leaves stat as it was
 * until the page reaches the disk (tens of seconds), so a process the agent
 * left running could change a file the review saw without any stat field
 * moving. For each file the review saw change, the seal keeps the blob the
 * staging holds, and the check hashes the worktree's content as git would:
 * what is committed is what the reviewer saw, byte for byte. (Files the task
 * did not change are as blind to this as git itself, whose `add -A` trusts
 * the same stat fields.)
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, type BigIntStats } from 'node:fs';
import path from 'node:path';

export interface WorktreeSeal {
  /** Repo-relative files, then directories ('' for the root), in the order the digest covers them. */
  files: string[];
  dirs: string[];
  /** sha256 over every entry's stat fields. */
  digest: string;
  /** Content digests of the entries changed less than a timestamp tick before sealing, by path. */
  racy: Record<string, string>;
  /** The staged blob id of each file and symlink the review saw change, by path (absent in seals made before them). */
  blobs?: Record<string, string>;
}

/** Files on a fine-grained clock (ext4, xfs, btrfs, tmpfs: ticks of a few ms) vs seconds (ext3, HFS+, FAT: 2 s); as config-cache.ts. */
const FINE_TICK_NS = 50_000_000n;
const COARSE_TICK_NS = 2_000_000_000n;

/** Seals the worktree of `repo` as `files` (from a listing just made) describe it. */
export function sealWorktree(repo: string, files: readonly string[]): WorktreeSeal {
  const uniqueFiles = [...new Set(files)];
  const dirs = new Set<string>(['']);
  for (const rel of uniqueFiles) {
    for (let dir = path.posix.dirname(rel); dir !== '.' && !dirs.has(dir); dir = path.posix.dirname(dir)) dirs.add(dir);
  }
  const sortedDirs = [...dirs].sort();
  const now = BigInt(Date.now()) * 1_000_000n;
  const racy: Record<string, string> = {};
  const hash = createHash('sha256');
  for (const rel of [...uniqueFiles, ...sortedDirs]) {
    const stat = statOf(repo, rel);
    hash.update(`${rel}\0${describe(stat)}\0`);
    if (stat !== undefined && isRacy(stat, now)) racy[rel] = contentDigest(repo, rel, stat);
  }
  return { files: uniqueFiles, dirs: sortedDirs, digest: hash.digest('hex'), racy };
}

/** True when every entry the seal covers is as it was sealed. */
export function sealHolds(repo: string, seal: WorktreeSeal): boolean {
  const hash = createHash('sha256');
  for (const rel of [...seal.files, ...seal.dirs]) hash.update(`${rel}\0${describe(statOf(repo, rel))}\0`);
  if (hash.digest('hex') !== seal.digest) return false;
  const racyHold = Object.entries(seal.racy).every(([rel, digest]) => {
    const stat = statOf(repo, rel);
    return stat !== undefined && contentDigest(repo, rel, stat) === digest;
  });
  return racyHold && Object.entries(seal.blobs ?? {}).every(([rel, blob]) => blobIdOf(repo, rel, blob.length) === blob);
}

/** The id git gives the content of `rel` as a blob (sha1, or sha256 for a 64-digit id), or undefined when unreadable. */
function blobIdOf(repo: string, rel: string, idLength: number): string | undefined {
  const full = path.join(repo, rel);
  try {
    const content = lstatSync(full).isSymbolicLink() ? readlinkSync(full, { encoding: 'buffer' }) : readFileSync(full);
    return createHash(idLength === 64 ? 'sha256' : 'sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
  } catch {
    return undefined;
  }
}

function statOf(repo: string, rel: string): BigIntStats | undefined {
  try {
    return lstatSync(path.join(repo, rel), { bigint: true });
  } catch {
    return undefined;
  }
}

function describe(stat: BigIntStats | undefined): string {
  return stat === undefined ? '-' : `${stat.ino}:${stat.mode}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/** Changed less than a tick before `now`: a later write in the same tick could leave the stat fields as they are. */
function isRacy(stat: BigIntStats, now: bigint): boolean {
  const tick = stat.mtimeNs % 1_000_000_000n === 0n ? COARSE_TICK_NS : FINE_TICK_NS;
  const newest = stat.mtimeNs > stat.ctimeNs ? stat.mtimeNs : stat.ctimeNs;
  return now - newest < tick;
}

function contentDigest(repo: string, rel: string, stat: BigIntStats): string {
  const full = path.join(repo, rel);
  const hash = createHash('sha256');
  try {
    if (stat.isDirectory()) hash.update(`dir\0${readdirSync(full).sort().join('\0')}`);
    else if (stat.isSymbolicLink()) hash.update(`link\0${readlinkSync(full)}`);
    else hash.update('file\0').update(readFileSync(full));
  } catch {
    return 'unreadable';
  }
  return hash.digest('hex');
}
