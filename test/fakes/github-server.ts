/**
 * A local fake of the part of GitHub's REST API that `tandem pr` uses: read a
 * repository and a branch, list open pull requests by head, open one, update one. It keeps
 * the pull requests it was asked to open, checks the token like GitHub does
 * (401 for an unknown one, 404 for a repository it cannot see, `permissions.push`
 * false and 403 on writes for a read-only one), records every request, and
 * lists anything else it was sent as unexpected.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  body?: Record<string, unknown>;
}

export interface FakePull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
}

export interface FakeGitHub {
  /** The API base URL, for GITHUB_API_URL. */
  url: string;
  requests: GitHubRequest[];
  pulls: FakePull[];
  unexpected: string[];
  close(): Promise<void>;
}

export interface FakeGitHubOptions {
  /** `owner/name` of each repository the fake serves, with its default branch and its other branches. */
  repos: Record<string, { defaultBranch: string; branches?: string[] }>;
  /** The tokens GitHub would accept; any other gets a 401. */
  tokens: string[];
  /** Tokens it also accepts, that may read but not write: the repository says `push: false`, and opening or updating a pull request is a 403. */
  readOnlyTokens?: string[];
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const requests: GitHubRequest[] = [];
  const pulls: FakePull[] = [];
  const unexpected: string[] = [];
  let origin = '';
  const pullJson = (slug: string, pull: FakePull) => ({
    number: pull.number,
    html_url: `https://github.com/${slug}/pull/${pull.number}`,
    title: pull.title,
    body: pull.body,
    state: pull.state,
    head: { ref: pull.head, label: `${slug.split('/')[0]}:${pull.head}` },
    base: { ref: pull.base },
  });

  const server = createServer(async (req, res) => {
    const request = await record(req);
    requests.push(request);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const token = request.authorization?.replace(/^(token|bearer)\s+/i, '');
    const readOnly = token !== undefined && options.readOnlyTokens?.includes(token) === true;
    if (!token || !(options.tokens.includes(token) || readOnly)) return send(401, { message: 'Bad credentials' });
    if (readOnly && request.method !== 'GET') return send(403, { message: 'Resource not accessible by personal access token' });
    const branch = /^\/repos\/([^/]+)\/([^/]+)\/branches\/(.+)$/.exec(request.path);
    if (branch && request.method === 'GET') {
      const served = options.repos[`${branch[1]}/${branch[2]}`];
      const name = decodeURIComponent(branch[3]!);
      const known = served && (served.defaultBranch === name || (served.branches ?? []).includes(name));
      return known ? send(200, { name }) : send(404, { message: 'Branch not found' });
    }
    const match = /^\/repos\/([^/]+)\/([^/]+)(\/pulls(?:\/(\d+))?)?$/.exec(request.path);
    const slug = match ? `${match[1]}/${match[2]}` : '';
    const repo = options.repos[slug];
    if (!match || !repo) {
      if (!match) unexpected.push(`${request.method} ${request.path}`);
      return send(404, { message: 'Not Found' });
    }
    const [, , , pullsPath, number] = match;
    if (!pullsPath && request.method === 'GET') {
      const permissions = { admin: false, maintain: false, push: !readOnly, triage: !readOnly, pull: true };
      return send(200, { full_name: slug, default_branch: repo.defaultBranch, html_url: `https://github.com/${slug}`, private: true, permissions });
    }
    if (pullsPath && !number && request.method === 'GET') {
      const head = request.query.head;
      const open = pulls.filter((p) => (request.query.state ?? 'open') === p.state && (!head || `${slug.split('/')[0]}:${p.head}` === head));
      return send(200, open.map((p) => pullJson(slug, p)));
    }
    if (pullsPath && !number && request.method === 'POST') {
      const body = request.body ?? {};
      if (pulls.some((p) => p.state === 'open' && p.head === body.head)) {
        return send(422, { message: 'Validation Failed', errors: [{ message: `A pull request already exists for ${slug.split('/')[0]}:${String(body.head)}.` }] });
      }
      const pull: FakePull = { number: pulls.length + 1, title: String(body.title), body: String(body.body ?? ''), head: String(body.head), base: String(body.base), state: 'open' };
      pulls.push(pull);
      return send(201, pullJson(slug, pull));
    }
    const pull = number ? pulls.find((p) => p.number === Number(number)) : undefined;
    if (pull && request.method === 'PATCH') {
      const body = request.body ?? {};
      if (typeof body.title === 'string') pull.title = body.title;
      if (typeof body.body === 'string') pull.body = body.body;
      return send(200, pullJson(slug, pull));
    }
    unexpected.push(`${request.method} ${request.path}`);
    return send(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: origin, requests, pulls, unexpected, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function record(req: IncomingMessage): Promise<GitHubRequest> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  const url = new URL(req.url ?? '/', 'http://fake');
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    ...(text ? { body: JSON.parse(text) as Record<string, unknown> } : {}),
  };
}
