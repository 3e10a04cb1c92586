/** The small reader for Codex's `[mcp_servers.x]` tables that `tandem init` uses. */
import { describe, expect, it } from 'vitest';
import { codexMcpServers } from '../../cli/init/codex-mcp-toml.js';

describe("Codex's config.toml", () => {
  it('yields the mcp_servers tables with their sub-tables, and nothing else', () => {
    const toml = `
model = "gpt-5.4"   # not a server
[profiles.fast]
model = "gpt-5.4-mini"

[mcp_servers.docs]
command = "npx"
args = ["-y", "@acme/docs-mcp", 'lit\\eral']   # a comment with "quotes"
env = { DOCS_TOKEN = "abc", "QUOTED KEY" = "x" }
startup_timeout_sec = 20
enabled = true

[mcp_servers.docs.env]
EXTRA = "1"

[mcp_servers."linear"]
url = "https://mcp.linear.app/mcp"
bearer_token_env_var = "LINEAR_TOKEN"
args = [
  "--a",   # first
  "--b",
]

[mcp_servers.linear.http_headers]
"X-Team" = "core # not a comment"
`;
    expect(codexMcpServers(toml)).toEqual({
      docs: {
        command: 'npx',
        args: ['-y', '@acme/docs-mcp', 'lit\\eral'],
        env: { DOCS_TOKEN: 'abc', 'QUOTED KEY': 'x', EXTRA: '1' },
        startup_timeout_sec: 20,
        enabled: true,
      },
      linear: { url: 'https://mcp.linear.app/mcp', bearer_token_env_var: 'LINEAR_TOKEN', args: ['--a', '--b'], http_headers: { 'X-Team': 'core # not a comment' } },
    });
  });

  it('skips a value it cannot read instead of guessing', () => {
    expect(codexMcpServers('[mcp_servers.x]\ncommand = "ok"\nwhen = 1979-05-27T07:32:00Z\nargs = ["unterminated\n')).toEqual({ x: { command: 'ok' } });
    expect(codexMcpServers('')).toEqual({});
  });
});
