/**
 * A forge is where pull requests live (GitHub today; GitLab can follow behind
 * the same interface). Tandem needs four things of it: to see the repository,
 * to find the open pull request of a branch, to open one, and to update it.
 */

/** `owner/name` on the forge, as parsed from the remote's URL. */
export interface ForgeRepo {
  owner: string;
  name: string;
}

export interface RepoAccess {
  /** The branch the forge opens pull requests against by default. */
  defaultBranch: string;
  /** The repository's page, for messages. */
  htmlUrl: string;
  /** False when the token may read but not push (the forge says so); undefined when it does not say. */
  canPush?: boolean;
}

export interface PullRequest {
  number: number;
  url: string;
  title: string;
  head: string;
  base: string;
}

export interface PullRequestDraft {
  title: string;
  body: string;
  /** The branch with the changes (same repository). */
  head: string;
  /** The branch to merge into. */
  base: string;
}

export interface Forge {
  /** `github`, for messages. */
  readonly kind: string;
  readonly repo: ForgeRepo;
  /** Where the token came from (`GITHUB_TOKEN`, `gh auth token`), for messages; never the token itself. */
  readonly tokenSource: string;
  /** One request that proves the token can see the repository; throws a TandemError (exit 3) when it cannot. */
  access(): Promise<RepoAccess>;
  /** Whether the repository has this branch (a pull request's base must exist there). */
  branchExists(branch: string): Promise<boolean>;
  /** The open pull request whose head is `head` in this repository, if any. */
  findOpenPullRequest(head: string): Promise<PullRequest | undefined>;
  create(draft: PullRequestDraft): Promise<PullRequest>;
  /** Replaces the title and body; the base stays as it is (a reviewer may have changed it on purpose). */
  update(number: number, change: { title: string; body: string }): Promise<PullRequest>;
}
