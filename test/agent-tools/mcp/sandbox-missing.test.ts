// Its own file: the sandbox is probed once per module instance, and this test
// needs the first probe to find no bwrap (PATH stripped while it runs).
import { mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sandboxAvailable } from '../../../exec/sandbox.js';
import { listMcpTools } from '../../../agent-tools/mcp/list-tools.js';
import { closeAllMcpConnections } from '../../../agent-tools/mcp/pool.js';
import { flakyServer } from '../../support/mcp-servers.js';

let emptyBin: string;
const realPath = process.env.PATH;
beforeAll(async () => {
  emptyBin = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-mcp-nobin-')));
  process.env.PATH = emptyBin;
  try {
    expect(await sandboxAvailable()).toBe(false);
  } finally {
    process.env.PATH = realPath;
  }
});
afterAll(async () => {
  await closeAllMcpConnections();
  process.env.PATH = realPath;
  await rm(emptyBin, { recursive: true, force: true });
});

it('fails closed: a sandboxed stdio server is not started without bwrap, and the note says how to fix it', async () => {
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
