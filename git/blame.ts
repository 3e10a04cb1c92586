/**
 * `git blame` of one committed file (never the worktree), as data: which
 * commit last changed each line. Hardened like every Tandem git call
 * (run-git.ts), plus `--no-textconv` (a repository's diff driver must not run
 * a program) and an empty `--ignore-revs-file` (the repository's config must
 * not hide commits from the answer).
 */
import { git } from './run-git.js';

export interface BlamedLine {
  /** 1-based line number in the file at `rev`. */
  line: number;
  sha: string;
  text: string;
}

export type BlameResult =
  | { ok: true; lines: BlamedLine[] }
  | { ok: false; problem: 'no-such-path' }
  | { ok: false; problem: 'line-out-of-range'; lineCount: number };

export interface BlameInput {
  repo: string;
  /** A commit-ish: the run branch, usually. */
  rev: string;
  /** Repository-relative, with forward slashes. */
  path: string;
  /** Only this line; the whole file when absent. Below 1 (or not a whole number) is out of range. */
  line?: number;
}

const HEADER = /^([0-9a-f]{40,64}) \d+ (\d+)(?: \d+)?$/;

export async function blameLines(input: BlameInput): Promise<BlameResult> {
  const type = await git(input.repo, ['cat-file', '-t', `${input.rev}:${input.path}`], { okExitCodes: [128] });
  if (type.exitCode !== 0 || type.stdout.trim() !== 'blob') return { ok: false, problem: 'no-such-path' };
  // Git refuses line 0 with a message of its own; a line that is no line is out of range like one past the end.
  if (input.line !== undefined && !(Number.isSafeInteger(input.line) && input.line >= 1)) return { ok: false, problem: 'line-out-of-range', lineCount: await lineCount(input) };
  const range = input.line === undefined ? [] : ['-L', `${input.line},${input.line}`];
  const result = await git(
    input.repo,
    ['blame', '--line-porcelain', '--no-textconv', '--ignore-revs-file=', ...range, input.rev, '--', input.path],
    { okExitCodes: [128] },
  );
  if (result.exitCode !== 0) {
    const lineCount = /has only (\d+) lines?/.exec(result.stderr)?.[1];
    if (lineCount !== undefined) return { ok: false, problem: 'line-out-of-range', lineCount: Number(lineCount) };
    throw new Error(`git blame ${input.rev} -- ${input.path} failed: ${result.stderr.trim()}`);
  }
  return { ok: true, lines: parseLinePorcelain(result.stdout) };
}

/** The committed file's lines as blame counts them: a last line without a newline counts. */
async function lineCount(input: BlameInput): Promise<number> {
  const { stdout } = await git(input.repo, ['cat-file', 'blob', `${input.rev}:${input.path}`]);
  return stdout === '' ? 0 : stdout.split('\n').length - (stdout.endsWith('\n') ? 1 : 0);
}

/** Each line is a header (`<sha> <orig> <final> [<count>]`), key-value lines, then the text after a tab. */
function parseLinePorcelain(stdout: string): BlamedLine[] {
  const lines: BlamedLine[] = [];
  let current: { sha: string; line: number } | undefined;
  for (const raw of stdout.split('\n')) {
    if (raw.startsWith('\t') && current) {
      lines.push({ ...current, text: raw.slice(1) });
      current = undefined;
      continue;
    }
    const header = HEADER.exec(raw);
    if (header) current = { sha: header[1]!, line: Number(header[2]) };
  }
  return lines;
}
