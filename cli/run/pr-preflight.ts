/**
 * `tandem run --pr` opens the pull request when the last task is committed,
 * hours after the start: what it will need (the remote, a forge Tandem
 * supports, a token that can see and push to the repository) is checked
 * before any workflow starts, so a run does not learn at its end that it
 * cannot publish. A forge that does not answer now is only a warning: the
 * network may be back by then, and the end of the run tries again. With
 * --no-worker the caller skips it: another machine's worker opens the pull
 * request, with its own token.
 */
import type { RunSettings } from '../../contracts/run.js';
import { TandemError } from '../../errors/tandem-error.js';
import { openPublishTarget, publishRemoteUrl } from '../../pr/publish-target.js';
import { tandemVersion } from '../version.js';

export interface PullRequestPreflightInput {
  settings: Pick<RunSettings, 'pr'>;
  repo: string;
  /** The run branch (its upstream names the remote when --pr-remote does not). */
  branch: string;
  env?: NodeJS.ProcessEnv;
}

/** Nothing when the run opens no pull request or its target checks out; a warning to print when the forge cannot be reached; throws a TandemError (exit 2 or 3) otherwise. */
export async function checkPullRequestTarget(input: PullRequestPreflightInput): Promise<string | undefined> {
  const { pr } = input.settings;
  if (!pr) return undefined;
  try {
    await openPublishTarget({
      repo: input.repo,
      branch: input.branch,
      remoteFlag: '--pr-remote',
      userAgent: `tandem/${tandemVersion()}`,
      ...(pr.remote ? { remote: pr.remote } : {}),
      ...(input.env ? { env: input.env } : {}),
    });
    return undefined;
  } catch (error) {
    if (!(error instanceof TandemError)) throw error;
    if (error.code === 'FORGE_UNREACHABLE') return `tandem: --pr: ${error.message} The run starts; it opens the pull request at its end if the forge answers then.\n`;
    throw notStarted(error);
  }
}

/**
 * `--pr-remote <name>` names a remote of this repository: checked before any server is
 * contacted, since it needs only the repository. The forge and token are checked by
 * checkPullRequestTarget once the run's branch is known.
 */
export async function checkPullRequestRemote(input: { repo: string; remote: string }): Promise<void> {
  await publishRemoteUrl({ repo: input.repo, remote: input.remote, pushed: 'the run branch', remoteFlag: '--pr-remote' }).catch((error: unknown) => {
    throw error instanceof TandemError ? notStarted(error) : error;
  });
}

/** The publish check's error, saying the run was not started and that `tandem pr` can publish later. */
function notStarted(error: TandemError): TandemError {
  return new TandemError(`${error.message} The run was not started: --pr needs this at its end.`, {
    code: error.code,
    hint: `${error.hint ? `${error.hint} ` : ''}Or run without --pr and open the pull request later with \`tandem pr\`.`,
    exitCode: error.exitCode,
    context: error.context,
    cause: error,
  });
}
