/**
 * Commits with every Tandem trailer `tandem trace` reads: the task and run
 * (which journal holds its story) and what the commit claims to serve and
 * meet (`Tandem-Requirements`, `Tandem-Acceptance`, see commit-task.ts).
 */
import { git } from './run-git.js';
import { TRAILER } from './trailers.js';

export interface TracedCommit {
  sha: string;
  subject: string;
  taskIds: string[];
  runIds: string[];
  requirements: string[];
  /** `T3/1 <criterion>`, one per criterion, as written. */
  acceptance: string[];
}

// Unit/record separators cannot occur in subjects or trailer values.
const FIELD = '\x1f';
const RECORD = '\x1e';
const VALUES = '\x1d';
const KEYS = [TRAILER.task, TRAILER.run, TRAILER.requirements, TRAILER.acceptance];
const FORMAT = ['%H', '%s', ...KEYS.map((key) => `%(trailers:key=${key},valueonly,separator=%x1d)`)].join('%x1f');

export interface TraceLogInput {
  repo: string;
  /** A range or ref to walk (newest first), or exact commits to show, in the order given. */
  from: { range: string; max?: number } | { shas: readonly string[] };
}

export async function traceCommits(input: TraceLogInput): Promise<TracedCommit[]> {
  const args = ['log', `--format=${FORMAT}%x1e`];
  if ('shas' in input.from) {
    if (input.from.shas.length === 0) return [];
    args.push('--no-walk=unsorted', ...input.from.shas);
  } else {
    if (input.from.max !== undefined) args.push(`--max-count=${input.from.max}`);
    args.push(input.from.range);
  }
  const { stdout } = await git(input.repo, [...args, '--']);
  return stdout
    .split(RECORD)
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record !== '')
    .map((record) => {
      const [sha = '', subject = '', tasks = '', runs = '', requirements = '', acceptance = ''] = record.split(FIELD);
      return {
        sha,
        subject,
        taskIds: values(tasks),
        runIds: values(runs),
        requirements: values(requirements).flatMap((value) => value.split(/[,\s]+/)).filter((id) => id !== ''),
        acceptance: values(acceptance),
      };
    });
}

function values(text: string): string[] {
  return text.split(VALUES).map((value) => value.trim()).filter((value) => value !== '');
}
