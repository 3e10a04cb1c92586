/**
 * The end of a run started with `--pr`: push the run branch and open its pull
 * request, or update the open one. Safe to run again after a crash: the push
 * of a commit the remote has is a no-op, and the open pull request is found
 * before one is opened. User errors (no token, no remote, a rejected push)
 * are TandemErrors, so they fail at once without retries (worker/permanent-errors.ts).
 */
import type { RunLocation } from '../contracts/run.js';
import type { PullRequestBodySource } from '../pr/body-source.js';
import { publishPullRequest } from '../pr/publish-pull-request.js';

export interface OpenRunPullRequestInput {
  location: RunLocation;
  /** The remote to push to; default: the branch's upstream, else origin. */
  remote?: string;
}

export interface OpenedPullRequest {
  action: 'opened' | 'updated';
  number: number;
  url: string;
  /** Set when the base is not the branch the run started from, and why. */
  baseNote?: string;
}

/** `bodySource` is handed to the worker by the process that creates it (pr/body-source.ts). */
export async function openRunPullRequest(input: OpenRunPullRequestInput, bodySource?: PullRequestBodySource): Promise<OpenedPullRequest> {
  const { location } = input;
  if (!bodySource) {
    // A worker built without it cannot write the description; a plain error, so another worker may take the retry.
    throw new Error('this worker was started without a pull request writer; run `tandem worker` or `tandem run` of this version');
  }
  const content = await bodySource({ journalDir: location.journalDir, repo: location.repo, planRelPath: location.planRelPath });
  const result = await publishPullRequest({
    repo: location.repo,
    branch: location.branch,
    runId: location.runId,
    content,
    userAgent: 'tandem',
    remoteFlag: '--pr-remote',
    ...(input.remote ? { remote: input.remote } : {}),
    ...(location.startBranch ? { startBranch: location.startBranch } : {}),
  });
  return { action: result.action, number: result.pullRequest.number, url: result.pullRequest.url, ...(result.baseNote ? { baseNote: result.baseNote } : {}) };
}
