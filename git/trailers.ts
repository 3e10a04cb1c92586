import { git } from './run-git.js';

/** Trailer keys Tandem writes; resume and integrity checks search by them. */
export const TRAILER = {
  task: 'Tandem-Task',
  run: 'Tandem-Run',
  implementedBy: 'Implemented-by',
  reviewedBy: 'Reviewed-by',
  /** One per acceptance criterion the task meets: `T3/1 <criterion>`; the id matches the converge review's. */
  acceptance: 'Tandem-Acceptance',
  /** The design requirements the task serves: `R1, R2`. */
  requirements: 'Tandem-Requirements',
} as const;

/** Long enough for a real acceptance criterion, short enough that `git log` stays readable. */
export const MAX_TRAILER_VALUE = 200;

/** Collapses whitespace so a value can never break out of its subject or trailer line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A trailer value on one line and at most `max` characters (code points, so a
 * character is never split), ending in `…` when cut. Deterministic: the same
 * text always gives the same bytes, which idempotent commits rely on.
 */
export function clipTrailerValue(text: string, max = MAX_TRAILER_VALUE): string {
  const chars = Array.from(oneLine(text));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

export interface CommitMessageInput {
  subject: string;
  body?: string;
  trailers: ReadonlyArray<readonly [key: string, value: string]>;
}

/**
 * Subject, optional body, then the trailers as their own final paragraph,
 * which is exactly what `git interpret-trailers --parse` and `%(trailers)` read.
 */
export function buildCommitMessage(input: CommitMessageInput): string {
  const parts = [oneLine(input.subject)];
  const body = input.body?.replace(/\r\n/g, '\n').trim();
  if (body) parts.push(body);
  if (input.trailers.length > 0) {
    parts.push(input.trailers.map(([key, value]) => `${key}: ${oneLine(value)}`).join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}

export interface LoggedCommit {
  sha: string;
  subject: string;
  taskIds: string[];
  runIds: string[];
}

// Unit/record separators cannot occur in subjects or trailer values.
const FIELD = '\x1f';
const RECORD = '\x1e';
const VALUES = '\x1d';
const FORMAT = [
  '%H',
  '%s',
  `%(trailers:key=${TRAILER.task},valueonly,separator=%x1d)`,
  `%(trailers:key=${TRAILER.run},valueonly,separator=%x1d)`,
].join('%x1f');

/** Commits in `range` (newest first) with their Tandem trailers; `max` bounds the walk. */
export async function logTrailers(input: { repo: string; range: string; max?: number }): Promise<LoggedCommit[]> {
  const args = ['log', `--format=${FORMAT}%x1e`];
  if (input.max !== undefined) args.push(`--max-count=${input.max}`);
  const { stdout } = await git(input.repo, [...args, input.range, '--']);
  return stdout
    .split(RECORD)
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record !== '')
    .map((record) => {
      const [sha = '', subject = '', tasks = '', runs = ''] = record.split(FIELD);
      const values = (text: string) => text.split(VALUES).map((v) => v.trim()).filter((v) => v !== '');
      return { sha, subject, taskIds: values(tasks), runIds: values(runs) };
    });
}
