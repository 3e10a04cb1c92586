/**
 * The last step of a run started with `--pr`: one activity pushes the branch
 * and opens its pull request or updates the open one (a retry after a crash
 * finds the open one first). Whatever happens is one note in the run's status:
 * the URL, or why it could not be opened; a failure here never fails the run.
 */
import { proxyActivities } from '@temporalio/workflow';
import type * as pullRequestActivities from '../activities/pull-request.js';
import type { RunLocation, RunSettings } from '../contracts/run.js';
import { pullRequestOptions } from './activity-profiles.js';
import { rootMessage } from './failure-message.js';

const activities = proxyActivities<typeof pullRequestActivities>(pullRequestOptions());

export async function openPullRequestNote(location: RunLocation, pr: NonNullable<RunSettings['pr']>): Promise<string> {
  try {
    const opened = await activities.openRunPullRequest.executeWithOptions({ summary: `pull request · push ${location.branch}` }, [
      { location, ...(pr.remote ? { remote: pr.remote } : {}) },
    ]);
    return `pull request #${opened.number} ${opened.action}: ${opened.url}${opened.baseNote ? ` (${opened.baseNote})` : ''}`;
  } catch (error) {
    return `pull request not opened: ${rootMessage(error)} (the commits are on ${location.branch}; \`tandem pr\` tries again)`;
  }
}
