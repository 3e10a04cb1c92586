/**
 * GitHub (github.com and GitHub Enterprise Server) through @octokit/rest.
 * Every failure a user can fix comes out as a TandemError with exit 3: a bad
 * token, a repository the token cannot see, a server that does not answer.
 */
import { Octokit } from '@octokit/rest';
import { TandemError } from '../errors/tandem-error.js';
import type { Forge, ForgeRepo, PullRequest, PullRequestDraft, RepoAccess } from './forge.js';

export interface GitHubForgeOptions {
  repo: ForgeRepo;
  token: string;
  /** REST base URL: https://api.github.com, or https://<host>/api/v3 for Enterprise Server. */
  apiUrl: string;
  /** Where the token came from, for hints: `GITHUB_TOKEN`, `GH_TOKEN`, `gh auth token`. */
  tokenSource: string;
  userAgent: string;
}

interface PullData {
  number: number;
  html_url: string;
  title: string;
  head: { ref: string };
  base: { ref: string };
}

export class GitHubForge implements Forge {
  readonly kind = 'github';
  readonly repo: ForgeRepo;
  readonly tokenSource: string;
  private readonly octokit: Octokit;

  constructor(private readonly options: GitHubForgeOptions) {
    this.repo = options.repo;
    this.tokenSource = options.tokenSource;
    this.octokit = new Octokit({
      auth: options.token,
      baseUrl: options.apiUrl.replace(/\/+$/, ''),
      userAgent: options.userAgent,
      // Fail rather than wait minutes on a rate limit: a person is waiting for the command.
      request: { retries: 0 },
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
  }

  async access(): Promise<RepoAccess> {
    const { data } = await this.call('read the repository', () => this.octokit.rest.repos.get({ owner: this.repo.owner, repo: this.repo.name }));
    // `permissions` is what the token's user may do; GitHub leaves it out for some tokens (an app's), and then we cannot tell.
    const push = data.permissions?.push;
    return { defaultBranch: data.default_branch, htmlUrl: data.html_url, ...(typeof push === 'boolean' ? { canPush: push } : {}) };
  }

  async branchExists(branch: string): Promise<boolean> {
    try {
      await this.octokit.rest.repos.getBranch({ owner: this.repo.owner, repo: this.repo.name, branch });
      return true;
    } catch (error) {
      // The repository itself was readable a moment ago (access()), so a 404 is about the branch.
      if ((error as { status?: unknown }).status === 404) return false;
      throw this.explain(`read the branch ${branch}`, error);
    }
  }

  async findOpenPullRequest(head: string): Promise<PullRequest | undefined> {
    const { data } = await this.call('list open pull requests', () =>
      this.octokit.rest.pulls.list({ owner: this.repo.owner, repo: this.repo.name, state: 'open', head: `${this.repo.owner}:${head}`, per_page: 10 }),
    );
    // The server filters by head already; checking again costs nothing and guards a lenient server.
    const match = data.find((pull) => pull.head.ref === head);
    return match ? toPullRequest(match) : undefined;
  }

  async create(draft: PullRequestDraft): Promise<PullRequest> {
    const { data } = await this.call('open the pull request', () =>
      this.octokit.rest.pulls.create({ owner: this.repo.owner, repo: this.repo.name, title: draft.title, body: draft.body, head: draft.head, base: draft.base }),
    );
    return toPullRequest(data);
  }

  async update(number: number, change: { title: string; body: string }): Promise<PullRequest> {
    const { data } = await this.call(`update pull request #${number}`, () =>
      this.octokit.rest.pulls.update({ owner: this.repo.owner, repo: this.repo.name, pull_number: number, title: change.title, body: change.body }),
    );
    return toPullRequest(data);
  }

  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw this.explain(what, error);
    }
  }

  private explain(what: string, error: unknown): TandemError {
    const slug = `${this.repo.owner}/${this.repo.name}`;
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : undefined;
    const detail = apiMessage(error);
    if (status === 401) {
      return new TandemError(`GitHub refused the token from ${this.options.tokenSource} (401 Bad credentials) trying to ${what} of ${slug}.`, {
        code: 'FORGE_AUTH_FAILED',
        hint: `Check or renew the token (\`gh auth login\`, or a new GITHUB_TOKEN with the "repo" scope / "Pull requests: write").`,
        exitCode: 3,
        context: { repo: slug },
        cause: error,
      });
    }
    if (status === 403 || status === 404) {
      return new TandemError(`The token from ${this.options.tokenSource} cannot ${what} of ${slug} (${status}${detail ? `: ${detail}` : ''}).`, {
        code: 'FORGE_ACCESS_DENIED',
        hint: `GitHub answers 404 for a private repository the token cannot see: give the token access to ${slug} (contents and pull requests, read and write), or check the remote's URL.`,
        exitCode: 3,
        context: { repo: slug },
        cause: error,
      });
    }
    if (status === undefined || status >= 500) {
      const unreachable = new TandemError(`Could not reach GitHub at ${this.options.apiUrl} to ${what} of ${slug}: ${detail ?? String(error)}.`, {
        code: 'FORGE_UNREACHABLE',
        hint: 'Check the network, or GITHUB_API_URL for GitHub Enterprise Server (https://<host>/api/v3); then run the command again.',
        exitCode: 3,
        cause: error,
      });
      // A blip is worth another try when a worker runs this (worker/permanent-errors.ts reads the flag).
      return Object.assign(unreachable, { retryable: true });
    }
    return new TandemError(`GitHub could not ${what} of ${slug} (${status}${detail ? `: ${detail}` : ''}).`, {
      code: 'FORGE_REQUEST_FAILED',
      hint: 'Fix what GitHub names above, then run `tandem pr` again: it updates the open pull request or opens one.',
      exitCode: 3,
      context: { repo: slug },
      cause: error,
    });
  }
}

function toPullRequest(data: PullData): PullRequest {
  return { number: data.number, url: data.html_url, title: data.title, head: data.head.ref, base: data.base.ref };
}

/** GitHub's own message, with the first validation error (422) when it sends them. */
function apiMessage(error: unknown): string | undefined {
  const data = (error as { response?: { data?: { message?: unknown; errors?: Array<{ message?: unknown }> } } }).response?.data;
  const message = typeof data?.message === 'string' ? data.message : error instanceof Error ? error.message : undefined;
  const first = data?.errors?.find((e) => typeof e.message === 'string')?.message;
  return [message, first].filter(Boolean).join(': ') || undefined;
}
