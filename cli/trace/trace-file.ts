/** "Why is this line here?": blame on the run branch → the commit → its task's story. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TandemError } from '../../errors/tandem-error.js';
import { blameLines, type BlamedLine } from '../../git/blame.js';
import { traceCommits, type TracedCommit } from '../../git/trace-trailers.js';
import { relativeInside } from '../workspace.js';
import { taskStory } from './task-story.js';
import type { TraceContext } from './trace-context.js';
import type { FileAnswer, LineAnswer, TaskStory } from './trace-types.js';

export interface FileTarget {
  /** As the user wrote it, relative to the current directory. */
  path: string;
  line?: number;
  /** The line as written (`007`, `99999999999999999999`), for messages. */
  lineText?: string;
}

/** `src/a.ts:12` → path and line; `src/a.ts` → path only. */
export function parseFileTarget(target: string): FileTarget {
  const match = /^(.+):(\d+)$/.exec(target);
  return match ? { path: match[1]!, line: Number(match[2]), lineText: match[2]! } : { path: target };
}

/** The target's repository-relative path, when it names a file in the worktree or on the branch. */
export async function fileOnBranch(ctx: TraceContext, path: string): Promise<string | undefined> {
  const absolute = resolve(ctx.cwd, path);
  let relative: string;
  try {
    relative = relativeInside(ctx.repo, absolute, 'file');
  } catch {
    return undefined;
  }
  if (existsSync(absolute)) return relative;
  const probe = await blameLines({ repo: ctx.repo, rev: ctx.rev, path: relative, line: 1 }).catch(() => undefined);
  return probe?.ok || (probe && probe.problem === 'line-out-of-range') ? relative : undefined;
}

/** `line` as the user wrote it goes in `shownLine` when it is no number (`a.ts:-1`, `a.ts:x`). */
export async function traceFile(ctx: TraceContext, relPath: string, line: number | undefined, shownLine = String(line)): Promise<LineAnswer | FileAnswer> {
  const blamed = await blameLines({ repo: ctx.repo, rev: ctx.rev, path: relPath, ...(line === undefined ? {} : { line }) });
  if (!blamed.ok && blamed.problem === 'no-such-path') {
    throw new TandemError(`${relPath} is not a file on ${ctx.branch}.`, {
      code: 'TRACE_FILE_NOT_FOUND',
      hint: `Check the path (relative to where you run the command), or pass the branch the run worked on with --branch.`,
      context: { file: relPath, branch: ctx.branch },
    });
  }
  if (!blamed.ok) {
    const pastEnd = line !== undefined && line >= 1;
    // A line past the end, or one that is no line (0, -1, x), which git would refuse with a message of its own.
    throw new TandemError(pastEnd ? `${relPath} has only ${blamed.lineCount} lines in ${ctx.branch}, so it has no line ${shownLine}.` : `${relPath}:${shownLine} names no line: lines are numbered from 1, and ${relPath} has ${blamed.lineCount} in ${ctx.branch}.`, {
      code: 'TRACE_LINE_OUT_OF_RANGE',
      hint: `Pass a line from 1 to ${blamed.lineCount}, or leave out the line to trace the whole file.`,
      context: { file: relPath, line: shownLine, branch: ctx.branch },
    });
  }
  const shas = [...new Set(blamed.lines.map((entry) => entry.sha))];
  const commits = new Map((await traceCommits({ repo: ctx.repo, from: { shas } })).map((commit) => [commit.sha, commit]));
  const stories = new Map<string, TaskStory | undefined>();
  for (const sha of shas) {
    const commit = commits.get(sha);
    stories.set(sha, commit ? await taskStory(ctx, commit) : undefined);
  }
  if (line !== undefined) {
    const entry = blamed.lines[0]!;
    const story = stories.get(entry.sha);
    return { kind: 'line', branch: ctx.branch, path: relPath, line, text: entry.text, commit: ref(commits.get(entry.sha), entry.sha), ...(story ? { task: story } : {}) };
  }
  return {
    kind: 'file',
    branch: ctx.branch,
    path: relPath,
    commits: shas.map((sha) => {
      const story = stories.get(sha);
      return { ...ref(commits.get(sha), sha), lines: lineRanges(blamed.lines.filter((entry) => entry.sha === sha)), ...(story ? { task: story } : {}) };
    }),
  };
}

function ref(commit: TracedCommit | undefined, sha: string): { sha: string; subject: string } {
  return { sha, subject: commit?.subject ?? '' };
}

/** `1-3, 7, 9-12` */
function lineRanges(lines: BlamedLine[]): string {
  const ranges: [number, number][] = [];
  for (const { line } of lines) {
    const last = ranges.at(-1);
    if (last && last[1] === line - 1) last[1] = line;
    else ranges.push([line, line]);
  }
  return ranges.map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`)).join(', ');
}
