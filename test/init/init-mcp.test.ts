/**
 * `tandem init` offers the MCP servers the user set up for Codex or Claude
 * Code, and writes the accepted ones under mcp: without their secrets.
 */
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerInitCommand } from '../../cli/commands/init.js';
import { discoverMcpServers } from '../../cli/init/discover-mcp.js';
import { readConfig } from '../../config/load.js';
import { parseConfig } from '../../config/parse.js';
import { TandemError } from '../../errors/tandem-error.js';
import { runCli } from '../support/cli.js';
import { createRepo } from '../support/git-repo.js';

const CODEX_TOML = `[mcp_servers.github]
command = "npx"
args = ["-y", "@modelcontextprotocol/server-github"]
env = { GITHUB_PERSONAL_ACCESS_TOKEN = "ghp_realtokenvalue123", LOG_LEVEL = "info" }

[mcp_servers."bad.name"]
command = "x"
enabled_tools = ["a"]

[mcp_servers.off]
command = "x"
enabled = false
`;

async function userHome(files: { codex?: string; claude?: unknown }): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'tandem-init-mcp-home-'));
  if (files.codex !== undefined) {
    await mkdir(join(home, '.codex'));
    await writeFile(join(home, '.codex', 'config.toml'), files.codex);
  }
  if (files.claude !== undefined) await writeFile(join(home, '.claude.json'), JSON.stringify(files.claude));
  return home;
}

describe('MCP server discovery', () => {
  it("finds Codex's and Claude Code's servers, the project's first, and keeps secrets out", async () => {
    const repo = await createRepo({ '.mcp.json': JSON.stringify({ mcpServers: { github: { type: 'stdio', command: 'gh-mcp' } } }) });
    const home = await userHome({
      codex: CODEX_TOML,
      claude: {
        mcpServers: { sentry: { type: 'http', url: 'https://mcp.sentry.dev/mcp', headers: { Authorization: 'Bearer sntrys_secret' } }, legacy: { type: 'sse', url: 'https://x.example/sse' } },
        projects: { [repo.root]: { mcpServers: { local: { command: 'node', args: ['tools/mcp.js'], env: {} } } } },
      },
    });
    const found = await discoverMcpServers({ root: repo.root, env: { HOME: home } });
    expect(found.servers.map((server) => [server.name, server.source])).toEqual([
      ['github', '.mcp.json'],
      ['local', '~/.claude.json (this project)'],
      ['sentry', '~/.claude.json'],
    ]);
    expect(found.servers[2]).toMatchObject({ entry: { headers: { Authorization: 'Bearer ${SENTRY_AUTHORIZATION}' } }, exports: ['SENTRY_AUTHORIZATION'] });
    expect(found.skipped).toEqual([
      expect.stringMatching(/^legacy \(~\/\.claude\.json\): the SSE transport is not supported/),
      expect.stringMatching(/^bad\.name \(~\/\.codex\/config\.toml\): MCP server names use letters, digits/),
    ]);
  });

  it('finds nothing without a HOME or any config', async () => {
    const repo = await createRepo({ 'README.md': '' });
    expect(await discoverMcpServers({ root: repo.root, env: {} })).toEqual({ servers: [], skipped: [] });
  });
});

describe('tandem init with MCP servers', () => {
  async function init(args: string[], env: Record<string, string>, interactive = false, answer = '') {
    const out = { text: '', questions: [] as string[] };
    const program = new Command('tandem').exitOverride();
    registerInitCommand(program, {
      env,
      interactive,
      ask: async (question) => {
        out.questions.push(question);
        return answer;
      },
      write: (text) => {
        out.text += text.replace(/\u001b\[[0-9;]*m/g, '');
      },
    });
    await program.parseAsync(['init', '--no-agents', ...args], { from: 'user' });
    return out;
  }

  it('lists them on a terminal and, when accepted, writes them under mcp: with secrets as ${VAR}', async () => {
    const repo = await createRepo({ 'README.md': '' });
    const home = await userHome({ codex: CODEX_TOML });
    const out = await init([repo.root], { HOME: home, OPENAI_API_KEY: 'sk-x', ANTHROPIC_API_KEY: 'sk-y' }, true, 'y');
    expect(out.questions[0]).toContain('github (~/.codex/config.toml): npx -y @modelcontextprotocol/server-github');
    const text = await readFile(join(repo.root, 'tandem.yaml'), 'utf8');
    expect(text).not.toContain('ghp_realtokenvalue123');
    expect(text).toContain('export GITHUB_PERSONAL_ACCESS_TOKEN');
    expect(parseConfig(text, 'tandem.yaml').config.mcp).toEqual({
      github: {
        transport: 'stdio',
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-github'],
        env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${GITHUB_PERSONAL_ACCESS_TOKEN}', LOG_LEVEL: 'info' },
        sandbox: 'bwrap',
        readPaths: [],
      },
    });
    expect(out.text).toMatch(/mcp: +github \(from ~\/\.codex\/config\.toml\)/);
    expect(out.text).toMatch(/skipped MCP server bad\.name \(~\/\.codex\/config\.toml\): MCP server names use/);
  });

  it('writes none when declined, and only hints without a terminal', async () => {
    const home = await userHome({ codex: CODEX_TOML });
    const declined = await createRepo({ 'README.md': '' });
    await init([declined.root], { HOME: home }, true, 'n');
    expect(parseConfig(await readFile(join(declined.root, 'tandem.yaml'), 'utf8'), 'tandem.yaml').config.mcp).toEqual({});

    const script = await createRepo({ 'README.md': '' });
    const out = await init([script.root], { HOME: home });
    expect(out.questions).toEqual([]);
    expect(parseConfig(await readFile(join(script.root, 'tandem.yaml'), 'utf8'), 'tandem.yaml').config.mcp).toEqual({});
    expect(out.text).toContain('found MCP servers github; `tandem init --force --mcp` adds them');

    const flagged = await createRepo({ 'README.md': '' });
    await init([flagged.root, '--mcp'], { HOME: home });
    expect(Object.keys(parseConfig(await readFile(join(flagged.root, 'tandem.yaml'), 'utf8'), 'tandem.yaml').config.mcp)).toEqual(['github']);
  });
});

describe("tandem init records the user's own servers in their config.yaml", () => {
  const CLAUDE = {
    mcpServers: {
      github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_realtokenvalue123' } },
      files: { type: 'http', url: 'https://files.example/mcp', headers: { Authorization: 'Bearer files_secret_value' } },
    },
  };

  /** The real CLI with a fake HOME and TANDEM_HOME, so no developer's own config is read or written. */
  async function initCli(root: string, home: string) {
    const tandemHome = join(home, '.tandem');
    const result = await runCli(['init', root, '--mcp', '--no-agents'], { env: { HOME: home, TANDEM_HOME: tandemHome, CODEX_HOME: undefined } });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    return { ...result, tandemHome, userFile: join(tandemHome, 'config.yaml') };
  }

  it('writes them to both files, so loading the config as tandem run does trusts tandem.yaml', async () => {
    const repo = await createRepo({ 'README.md': '' });
    const home = await userHome({ claude: CLAUDE });
    const { stdout, tandemHome, userFile } = await initCli(repo.root, home);

    const userText = await readFile(userFile, 'utf8');
    expect(userText).not.toMatch(/ghp_realtokenvalue123|files_secret_value/);
    expect((await stat(userFile)).mode & 0o777).toBe(0o600);
    const repoMcp = parseConfig(await readFile(join(repo.root, 'tandem.yaml'), 'utf8'), 'tandem.yaml').config.mcp;
    expect(parseConfig(userText, 'config.yaml').config.mcp).toEqual(repoMcp);
    expect(Object.keys(repoMcp)).toEqual(['github', 'files']);

    // Without --trust-repo-config, as `tandem run` reads it.
    const { config } = await readConfig({ repoRoot: repo.root, env: { TANDEM_HOME: tandemHome } });
    expect(Object.keys(config.mcp)).toEqual(['github', 'files']);
    expect(stdout).toContain(
      'mcp:    github, files (from ~/.claude.json) — also added to ~/.tandem/config.yaml so your runs trust them; teammates need the same or --trust-repo-config',
    );
  });

  it("leaves the repository's .mcp.json servers and a differing same-name server of the user's alone, keeping comments", async () => {
    const repo = await createRepo({ 'README.md': '', '.mcp.json': JSON.stringify({ mcpServers: { local: { command: 'node', args: ['tools/mcp.js'] } } }) });
    const home = await userHome({ claude: CLAUDE });
    const mine = ['# My own Tandem settings.', 'mcp:', '  # my files server, pinned', '  files:', '    command: my-files-mcp', ''].join('\n');
    await mkdir(join(home, '.tandem'));
    await writeFile(join(home, '.tandem', 'config.yaml'), mine);
    const { stdout, tandemHome, userFile } = await initCli(repo.root, home);

    const userText = await readFile(userFile, 'utf8');
    expect(userText).toContain('# My own Tandem settings.');
    expect(userText).toContain('# my files server, pinned');
    const userMcp = parseConfig(userText, 'config.yaml').config.mcp;
    expect(Object.keys(userMcp).sort()).toEqual(['files', 'github']);
    expect(userMcp.files).toMatchObject({ transport: 'stdio', command: 'my-files-mcp' });

    // github is now trusted; files (differs) and local (repository content) still need the user's word.
    const refused = await readConfig({ repoRoot: repo.root, env: { TANDEM_HOME: tandemHome } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TandemError);
    expect((refused as TandemError).code).toBe('REPO_CONFIG_NOT_TRUSTED');
    expect((refused as TandemError).message).toMatch(/mcp\.local: starts the MCP server `node tools\/mcp\.js`/);
    expect((refused as TandemError).message).toMatch(/mcp\.files: sends the implementer's tool calls to files\.example/);
    expect((refused as TandemError).message).not.toContain('mcp.github');

    expect(stdout).toContain('github also added to ~/.tandem/config.yaml so your runs trust it');
    expect(stdout).toContain('files: ~/.tandem/config.yaml already defines a different server of that name, left as it is');
    expect(stdout).toContain('local (from .mcp.json) not added to ~/.tandem/config.yaml: repository content');
  });
});
