/**
 * Who writes a run's pull request title and description. The description is
 * the run's report, which the CLI builds from the journal; the worker that
 * opens a run's pull request (`tandem run --pr`) is handed this function by
 * the process that creates it, since activities do not import the CLI.
 */
import type { PullRequestContent } from './pull-request-body.js';

export interface BodySourceInput {
  /** The run's journal folder on this machine. */
  journalDir: string;
  repo: string;
  planRelPath: string;
}

export type PullRequestBodySource = (input: BodySourceInput) => Promise<PullRequestContent>;
