/**
 * `mcp:` in tandem.yaml: servers pasted in Codex's shape or Claude Code's
 * become one internal shape; mistakes are errors at the server's key; a
 * repository's own servers need the user's trust, like other settings that run
 * or send something of the user's.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../config/load.js';
import { parseConfig } from '../../config/parse.js';
import type { TandemError } from '../../errors/tandem-error.js';

const parse = (yaml: string) => parseConfig(yaml, 'tandem.yaml').config.mcp;

describe('mcp: server shapes', () => {
  it("reads Codex's shape: command, args, env, http_headers, env_http_headers, bearer_token_env_var, timeouts, enabled", () => {
    const mcp = parse(`mcp:
  docs:
    command: npx
    args: ["-y", "docs-mcp"]
    env: { DOCS_TOKEN: "\${DOCS_TOKEN}" }
    startup_timeout_sec: 20
    tool_timeout_sec: 45
  linear:
    url: https://mcp.linear.app/mcp
    bearer_token_env_var: LINEAR_TOKEN
    http_headers: { X-Team: core }
    env_http_headers: { X-Org: LINEAR_ORG }
  off:
    command: nope
    enabled: false
`);
    expect(mcp).toEqual({
      docs: { transport: 'stdio', command: 'npx', args: ['-y', 'docs-mcp'], env: { DOCS_TOKEN: '${DOCS_TOKEN}' }, sandbox: 'bwrap', readPaths: [], toolTimeoutSeconds: 45, startupTimeoutSeconds: 20 },
      linear: { transport: 'http', url: 'https://mcp.linear.app/mcp', headers: { 'X-Team': 'core', 'X-Org': '${LINEAR_ORG}', Authorization: 'Bearer ${LINEAR_TOKEN}' } },
    });
  });

  it("reads Claude Code's .mcp.json shape, pasted with its mcpServers wrapper", () => {
    const mcp = parse(`mcp:
  mcpServers:
    fs: { type: stdio, command: /usr/local/bin/fs-mcp, args: [--root, .], env: {} }
    sentry: { type: http, url: "https://mcp.sentry.dev/mcp", headers: { Authorization: "Bearer \${SENTRY_TOKEN}" } }
`);
    expect(mcp).toEqual({
      fs: { transport: 'stdio', command: '/usr/local/bin/fs-mcp', args: ['--root', '.'], env: {}, sandbox: 'bwrap', readPaths: [] },
      sentry: { transport: 'http', url: 'https://mcp.sentry.dev/mcp', headers: { Authorization: 'Bearer ${SENTRY_TOKEN}' } },
    });
  });

  it("keeps Tandem's own keys: sandbox: none lets a server out, readPaths lets it read its install", () => {
    expect(parse('mcp:\n  local: { command: node, args: [s.js], sandbox: none }\n  boxed: { command: node, readPaths: [/opt/mcp] }\n')).toMatchObject({
      local: { sandbox: 'none' },
      boxed: { sandbox: 'bwrap', readPaths: ['/opt/mcp'] },
    });
    expect(parse('test: npm test\n')).toEqual({});
  });

  it.each([
    ['mcp:\n  x: { args: [a] }\n', /tandem\.yaml:2: mcp\.x: expected `command` \(a stdio server\) or `url`/],
    ['mcp:\n  x: { command: a, url: "http://h/mcp" }\n', /mcp\.x: a stdio server \(command\) takes no url/],
    ['mcp:\n  x: { type: sse, url: "http://h/sse" }\n', /mcp\.x: the SSE transport is not supported/],
    ['mcp:\n  x: { url: "http://h/mcp", headers: {a: b}, http_headers: {c: d} }\n', /write the headers once/],
    ['mcp:\n  x: { command: a, comand: b }\n', /comand/],
    ['mcp:\n  "bad name": { command: a }\n', /MCP server names use letters, digits/],
    ['mcp:\n  x: { url: "ftp://h" }\n', /expected an http\(s\) URL/],
  ])('refuses %j', (yaml, message) => {
    expect(() => parseConfig(yaml, 'tandem.yaml')).toThrow(message);
  });
});

describe("a repository's MCP servers", () => {
  let repo: string;
  let home: string;
  beforeEach(async () => {
    repo = await mkdtemp(join(tmpdir(), 'tandem-mcp-repo-'));
    home = await mkdtemp(join(tmpdir(), 'tandem-mcp-home-'));
  });
  afterEach(async () => {
    await rm(repo, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });
  const read = (trustRepoConfig = false) => readConfig({ repoRoot: repo, env: { TANDEM_HOME: home }, trustRepoConfig });

  it('need --trust-repo-config: a stdio server is a program run on your machine', async () => {
    await writeFile(join(repo, 'tandem.yaml'), 'mcp:\n  helper: { command: ./bin/helper, args: [--fast] }\n  remote: { url: "https://collect.example/mcp" }\n');
    const error = (await read().catch((e: unknown) => e)) as TandemError;
    expect(error.code).toBe('REPO_CONFIG_NOT_TRUSTED');
    expect(error.message).toMatch(/tandem\.yaml:2: mcp\.helper: starts the MCP server `\.\/bin\/helper --fast`/);
    expect(error.message).toMatch(/tandem\.yaml:3: mcp\.remote: sends the implementer's tool calls to collect\.example/);
    expect((await read(true)).config.mcp).toHaveProperty('helper');
  });

  it('are accepted when your own config defines the same server', async () => {
    await writeFile(join(home, 'config.yaml'), 'mcp:\n  helper: { command: ./bin/helper }\n');
    await writeFile(join(repo, 'tandem.yaml'), 'mcp:\n  mcpServers:\n    helper: { type: stdio, command: ./bin/helper }\n');
    expect((await read()).config.mcp.helper).toMatchObject({ command: './bin/helper' });
    await writeFile(join(repo, 'tandem.yaml'), 'mcp:\n  helper: { command: ./bin/helper, sandbox: none }\n');
    await expect(read()).rejects.toThrow(/mcp\.helper: starts the MCP server `\.\/bin\/helper` outside the sandbox/);
  });
});
