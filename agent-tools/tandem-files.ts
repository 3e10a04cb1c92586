/**
 * Files in the workspace that belong to Tandem, not to the task: the run's plan
 * file (Tandem alone marks tasks in it, in each task's own commit) and Tandem's
 * own folders. The file tools refuse to write them; after a tool that may write
 * anywhere (a command), a changed plan file is put back as it was.
 */
import { lstat, mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RunLocation } from '../contracts/run.js';
import { writeResolvedFile } from './file-io.js';
import { isInside, type Resolved } from './workspace.js';

export interface TandemFile {
  /** Relative to the workspace root, '/'-separated. A folder covers everything below it. */
  relPath: string;
  /** What it is, for the model: "the run's plan file". */
  what: string;
  /** A single file whose content is put back after a tool changed it (the plan). */
  restore: boolean;
}

/** Where `tandem report` writes by default, and the name Tandem uses for its state. */
const STATE_FOLDER = '.tandem';

/** Tandem's files inside the run's workspace: the plan, `.tandem/`, and the journal when it lies inside. */
export function tandemFilesOf(location: Pick<RunLocation, 'repo' | 'planRelPath' | 'journalDir'>): TandemFile[] {
  const files: TandemFile[] = [];
  // Only what lies inside the workspace: nothing outside it is the tools' to write, or ours to restore.
  const inside = (absolute: string, what: string, restore: boolean) => {
    const root = path.resolve(location.repo);
    if (isInside(root, absolute) && absolute !== root) files.push({ relPath: toPosix(path.relative(root, absolute)), what, restore });
  };
  inside(path.resolve(location.repo, location.planRelPath), "the run's plan file", true);
  inside(path.resolve(location.repo, STATE_FOLDER), "Tandem's own folder", false);
  inside(path.resolve(location.repo, location.journalDir), "the run's journal", false);
  return files;
}

/**
 * A refusal for a write to one of Tandem's files, or undefined. Compares the
 * resolved path (symlinks already followed) and, for an existing target, the
 * file itself, so `./todo.md` on a case-insensitive disk is caught too.
 */
export async function tandemFileRefusal(files: readonly TandemFile[] | undefined, target: Extract<Resolved, { ok: true }>): Promise<string | undefined> {
  for (const file of files ?? []) {
    const covered = target.relative === file.relPath || target.relative.startsWith(`${file.relPath}/`);
    if (covered || (await sameFile(path.join(target.root, file.relPath), target.absolute))) return refusal(file);
  }
  return undefined;
}

function refusal(file: TandemFile): string {
  const why = file.restore
    ? 'Tandem alone marks tasks in it, when it commits each task'
    : 'Tandem writes it and nothing in the task needs it';
  return `Refused: ${file.relPath} is ${file.what}; ${why}. Change the project's files only, and leave task marks such as "[x]" to Tandem.`;
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const [left, right] = await Promise.all([stat(a).catch(() => undefined), stat(b).catch(() => undefined)]);
  return left !== undefined && right !== undefined && left.isFile() && left.dev === right.dev && left.ino === right.ino;
}

/** The content of each restorable Tandem file before a tool runs: base64 bytes, or null when it did not exist. */
export type TandemFileContents = Record<string, string | null>;

/**
 * Reads the restorable files (the plan); a path that is not a regular file, or that lies
 * under a link (which would lead the read out of the workspace), is left out, not guarded.
 */
export async function readTandemFiles(workspace: string, files: readonly TandemFile[]): Promise<TandemFileContents> {
  const contents: TandemFileContents = {};
  for (const file of files.filter((f) => f.restore)) {
    if (!(await parentsAreDirectories(workspace, file.relPath))) continue;
    const absolute = path.join(workspace, file.relPath);
    const info = await lstat(absolute).catch(() => undefined);
    if (info === undefined) contents[file.relPath] = null;
    else if (info.isFile()) contents[file.relPath] = (await readFile(absolute)).toString('base64');
  }
  return contents;
}

/** Puts back each file whose content differs from `before`; returns the paths it restored. */
export async function restoreTandemFiles(workspace: string, before: TandemFileContents): Promise<string[]> {
  const restored: string[] = [];
  for (const [relPath, content] of Object.entries(before)) {
    // A command may have made a directory above the file a link (`docs` → `~`): writing or removing
    // through it would change a file outside the workspace. A file that was not there stays
    // absent from the workspace (nothing is removed through the link); one that was is written
    // into directories made again in the links' place.
    const absolute = path.join(workspace, relPath);
    if (content === null) {
      if (!(await parentsAreDirectories(workspace, relPath))) continue;
      if ((await lstat(absolute).catch(() => undefined)) === undefined) continue;
      await rm(absolute, { recursive: true, force: true });
    } else {
      await restoreParentDirectories(workspace, relPath);
      const info = await lstat(absolute).catch(() => undefined);
      if (info?.isFile() && (await readFile(absolute)).toString('base64') === content) continue;
      // A directory or link in its place is removed; a file is replaced, never written through.
      if (info !== undefined && !info.isFile()) await rm(absolute, { recursive: true, force: true });
      await writeResolvedFile(absolute, Buffer.from(content, 'base64'));
    }
    restored.push(relPath);
  }
  return restored;
}

/** The directories above `relPath`, inside `workspace` (its own path not checked). */
function parentsOf(workspace: string, relPath: string): string[] {
  const parts = relPath.split('/').slice(0, -1);
  return parts.map((_, index) => path.join(workspace, ...parts.slice(0, index + 1)));
}

/** Every directory above `relPath` is a directory, not a link or a file. */
async function parentsAreDirectories(workspace: string, relPath: string): Promise<boolean> {
  for (const dir of parentsOf(workspace, relPath)) {
    const info = await lstat(dir).catch(() => undefined);
    if (info === undefined) return true;
    if (!info.isDirectory()) return false;
  }
  return true;
}

/**
 * Makes each directory above `relPath` a directory again where a command put a link or a file in
 * its place: the link is removed (never followed) and an empty directory made.
 */
async function restoreParentDirectories(workspace: string, relPath: string): Promise<void> {
  for (const dir of parentsOf(workspace, relPath)) {
    const info = await lstat(dir).catch(() => undefined);
    if (info?.isDirectory()) continue;
    if (info !== undefined) await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
  }
}

/** What the model is told after a tool changed a Tandem file and it was put back. */
export function restoredNote(files: readonly TandemFile[], restored: readonly string[]): string {
  const named = restored.map((relPath) => `${relPath} (${files.find((f) => f.relPath === relPath)?.what ?? "a Tandem file"})`);
  return (
    `\n\nNote: this changed ${named.join(', ')}. That file is Tandem's: it marks each task there itself, in the task's commit. ` +
    'Tandem has restored it to its content before this command; do not edit it, and do not tick tasks yourself.'
  );
}

const toPosix = (relPath: string): string => path.normalize(relPath).split(path.sep).join('/');
