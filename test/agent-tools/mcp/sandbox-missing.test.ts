// Its own file: the sandbox is probed once per module instance, and this test
// needs the first probe to find no bwrap (test/support/no-bwrap.ts).
import { readdir } from 'node:fs/promises';
import { afterAll, expect, it } from 'vitest';
import { listMcpTools } from '../../../agent-tools/mcp/list-tools.js';
import { closeAllMcpConnections } from '../../../agent-tools/mcp/pool.js';
import { flakyServer } from '../../support/mcp-servers.js';
import { probeSandboxWithoutBwrap } from '../../support/no-bwrap.js';

const scratch = probeSandboxWithoutBwrap('tandem-mcp-nobin-');
afterAll(() => closeAllMcpConnections());

it('fails closed: a sandboxed stdio server is not started without bwrap, and the note says how to fix it', async () => {
  const emptyBin = scratch.dir();
  const ctx = { workspace: emptyBin, sandbox: 'bwrap' as const, env: process.env, envAllow: [] };
  const list = await listMcpTools({ flaky: flakyServer() }, ctx);
  expect(list.failedServers).toEqual(['flaky']);
  expect(list.notes[0]).toMatch(/^MCP server "flaky" was not started: the sandbox is unavailable \(.*\)\..*apt-get install bubblewrap.*sandbox: none` under mcp\.flaky/s);
  expect(await readdir(emptyBin)).toEqual([]);
  // Allowed out by name, it runs.
  const out = await listMcpTools({ flaky: flakyServer({ sandbox: 'none' }) }, ctx);
  expect(out.failedServers).toBeUndefined();
  expect(out.tools.length).toBeGreaterThan(0);
}, 30_000);
