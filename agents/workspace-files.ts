/**
 * Which files a running agent session has changed, as git sees the workspace,
 * not only as the agent's events say: Codex reports `file_change` for its
 * apply_patch and nothing for `echo … > a.txt` in a shell, Claude Code names
 * the files of its Write/Edit calls but not of its Bash commands. git status
 * sees every edit, so the progress counts them all.
 *
 * Scans run after the agent's events (a tool call ended, a turn ended), one at
 * a time: events that arrive during a scan ask for one more scan after it, so
 * a burst of events costs at most two. Scans take no index lock (the agent may
 * run git itself at the same moment). A failed scan keeps the last answer.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { statusEntries } from '../git/status.js';

export class WorkspaceFiles {
  private changed: string[] = [];
  private running: Promise<void> | undefined;
  private again = false;

  /** `onChange` is told the new list whenever a scan finds a different one. */
  constructor(
    private readonly repo: string,
    private readonly onChange: (files: readonly string[]) => void = () => undefined,
  ) {}

  /** The files the last scan found changed (repo-relative). */
  get files(): readonly string[] {
    return this.changed;
  }

  /** Asks for a scan soon; never waits and never throws. */
  poke(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.scan().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  /** Waits for the scans asked for so far, then scans once more: the list as the workspace is now. */
  async settle(): Promise<readonly string[]> {
    while (this.running) await this.running;
    await this.scan();
    return this.changed;
  }

  private async scan(): Promise<void> {
    try {
      const files = (await statusEntries({ repo: this.repo, noLocks: true })).map((entry) => entry.path).sort();
      if (files.join('\0') === this.changed.join('\0')) return;
      this.changed = files;
      this.onChange(files);
    } catch {
      // The workspace mid-change (a rename, a lock): the next event scans again.
    }
  }
}

/** The agent's own file list (often absolute paths) and git's, as one repo-relative list without repeats. */
export function mergeChangedFiles(repo: string, reported: readonly string[], fromGit: readonly string[]): string[] {
  // A sandboxed agent sees the workspace by its real path.
  const roots = [repo, realPath(repo)];
  const relative = reported.map((file) => {
    if (!path.isAbsolute(file)) return file;
    const rel = roots.map((root) => path.relative(root, file)).find((candidate) => !candidate.startsWith('..'));
    return rel === undefined ? file : rel.split(path.sep).join('/');
  });
  return [...new Set([...fromGit, ...relative])];
}

function realPath(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
