/**
 * Real MCP servers, listed and called the way the implementer's activities do:
 * server-everything and our flaky server over stdio (inside the sandbox), and
 * a streamable HTTP server. Failures of every kind come back as results.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { McpServers } from '../../../contracts/mcp.js';
import { callMcpTool } from '../../../agent-tools/mcp/call-tool.js';
import type { McpContext } from '../../../agent-tools/mcp/connect.js';
import { listMcpTools } from '../../../agent-tools/mcp/list-tools.js';
import { closeAllMcpConnections } from '../../../agent-tools/mcp/pool.js';
import { everythingServer, flakyServer, startHttpMcpServer, type HttpMcpServer } from '../../support/mcp-servers.js';
import { tempDir } from '../helpers.js';

let workspace: string;
let outside: string;
let ctx: McpContext;
let http: HttpMcpServer;

beforeAll(async () => {
  workspace = await tempDir('tandem-mcp-ws-');
  outside = await tempDir('tandem-mcp-outside-');
  ctx = { workspace, sandbox: 'bwrap', env: { ...process.env, FLAKY_TOKEN: 'tok-12345678' }, envAllow: [] };
  http = await startHttpMcpServer();
});

afterEach(async () => {
  await closeAllMcpConnections();
});

afterAll(async () => {
  await http?.close();
  await rm(workspace, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const call = async (servers: McpServers, name: string, args: Record<string, unknown>, timeoutMs = 20_000) => {
  const list = await listMcpTools(servers, ctx);
  const entry = list.tools.find((tool) => tool.name === name);
  if (!entry) throw new Error(`no ${name} in ${list.tools.map((t) => t.name).join(', ')}; notes: ${list.notes.join('; ')}`);
  return callMcpTool(entry, servers[entry.server]!, JSON.stringify(args), ctx, { timeoutMs });
};

describe('stdio servers in the sandbox', () => {
  it('lists server-everything tools under vendor-safe names and calls echo and get-sum', async () => {
    const servers = { everything: everythingServer() };
    const list = await listMcpTools(servers, ctx);
    expect(list.failedServers).toBeUndefined();
    const echo = list.tools.find((tool) => tool.tool === 'echo');
    expect(echo).toMatchObject({ name: 'mcp__everything__echo', server: 'everything' });
    expect(echo!.parameters).toMatchObject({ type: 'object', properties: { message: { type: 'string' } } });
    expect(list.tools.find((tool) => tool.tool === 'get-sum')?.name).toBe('mcp__everything__get-sum');
    for (const tool of list.tools) expect(tool.name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);

    expect(await call(servers, 'mcp__everything__echo', { message: 'hi there' })).toEqual({ ok: true, content: 'Echo: hi there' });
    expect((await call(servers, 'mcp__everything__get-sum', { a: 2, b: 40 })).content).toContain('42');
  }, 60_000);

  it('turns a hanging tool into a timeout result, and the next call gets a fresh server', async () => {
    const servers = { flaky: flakyServer() };
    const started = Date.now();
    const hung = await call(servers, 'mcp__flaky__hang', {}, 1500);
    expect(hung.ok).toBe(false);
    expect(hung.content).toBe('flaky.hang timed out after 1.5 s; the call was cancelled and the server restarted for the next call.');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await call(servers, 'mcp__flaky__fail', { why: 'after the hang' })).toEqual({ ok: false, content: 'flaky.fail reported an error:\nrefused: after the hang' });
  }, 60_000);

  it('reports a server that dies mid-call as a result with its last words', async () => {
    const servers = { flaky: flakyServer() };
    const crashed = await call(servers, 'mcp__flaky__crash', {});
    expect(crashed.ok).toBe(false);
    expect(crashed.content).toContain('flaky.crash failed: the MCP server "flaky" stopped');
    expect(crashed.content).toContain('crashing on purpose');
    // Started again for the next call.
    expect((await call(servers, 'mcp__flaky__whoami', {})).ok).toBe(true);
  }, 60_000);

  it('lets a sandboxed server write the workspace but not outside it, and gives it no credentials', async () => {
    const servers = { flaky: flakyServer() };
    const inside = await call(servers, 'mcp__flaky__write_file', { path: path.join(workspace, 'in.txt'), content: 'ok' });
    expect(inside).toEqual({ ok: true, content: `wrote ${path.join(workspace, 'in.txt')}` });
    expect(await readFile(path.join(workspace, 'in.txt'), 'utf8')).toBe('ok');

    const escaped = await call(servers, 'mcp__flaky__write_file', { path: path.join(outside, 'out.txt'), content: 'leak' });
    expect(escaped.ok).toBe(false);
    expect(escaped.content).toMatch(/cannot write .*out\.txt: (ENOENT|EROFS|EACCES)/);
    await expect(readFile(path.join(outside, 'out.txt'), 'utf8')).rejects.toThrow(/ENOENT/);

    // FLAKY_TOKEN looks like a credential: scrubbed like for commands, unless the server's own env passes it.
    expect((await call(servers, 'mcp__flaky__whoami', {})).content).toContain('token=(unset)');
    const passed = { flaky: flakyServer({ env: { FLAKY_TOKEN: '${FLAKY_TOKEN}' } }) };
    expect((await call(passed, 'mcp__flaky__whoami', {})).content).toContain('token=tok-12345678');
  }, 60_000);

  it('lets a server allowed out by name write outside the workspace', async () => {
    const servers = { flaky: flakyServer({ sandbox: 'none' }) };
    const target = path.join(outside, 'allowed.txt');
    expect((await call(servers, 'mcp__flaky__write_file', { path: target, content: 'yes' })).ok).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('yes');
  }, 60_000);

  it('names a server that does not start, with its stderr, and still lists the others', async () => {
    const servers = { broken: flakyServer({ env: { MCP_FLAKY_FAIL_START: 'the database' } }), everything: everythingServer() };
    const list = await listMcpTools(servers, ctx);
    expect(list.failedServers).toEqual(['broken']);
    expect(list.notes[0]).toMatch(/^MCP server "broken" did not start \(.*\); its stderr ends:\nflaky: cannot open the database/);
    expect(list.tools.some((tool) => tool.server === 'everything')).toBe(true);
  }, 60_000);

  it('names a missing command and an unset variable', async () => {
    const missing = await listMcpTools({ nothere: flakyServer({ command: '/nonexistent/mcp-server' }) }, ctx);
    expect(missing.notes[0]).toMatch(/^MCP server "nothere" did not start .*\/nonexistent\/mcp-server/s);
    const unset = await listMcpTools({ needs: flakyServer({ env: { KEY: '${TANDEM_TEST_UNSET_VAR}' } }) }, ctx);
    expect(unset.notes).toEqual(['MCP server "needs" was not started: its env refers to $TANDEM_TEST_UNSET_VAR, which is not set']);
  }, 60_000);
});

describe('streamable HTTP servers', () => {
  it('lists and calls a tool, sending headers with variables filled in', async () => {
    const servers = { calc: http.setting({ Authorization: 'Bearer ${CALC_TOKEN}' }) };
    const withToken = { ...ctx, env: { ...ctx.env, CALC_TOKEN: 'secret-calc-token' } };
    const list = await listMcpTools(servers, withToken);
    expect(list.tools.map((tool) => tool.name)).toEqual(['mcp__calc__multiply']);
    const result = await callMcpTool(list.tools[0]!, servers.calc, '{"a":6,"b":7}', withToken, { timeoutMs: 10_000 });
    expect(result).toEqual({ ok: true, content: 'product: 42' });
    expect(http.headers.at(-1)?.authorization).toBe('Bearer secret-calc-token');
  }, 30_000);

  it('names a server that cannot be reached', async () => {
    const list = await listMcpTools({ gone: { transport: 'http', url: 'http://127.0.0.1:9/mcp', headers: {} } }, ctx);
    expect(list.failedServers).toEqual(['gone']);
    expect(list.notes[0]).toMatch(/^MCP server "gone" did not start/);
  }, 30_000);
});

describe('bad arguments', () => {
  it('are a result saying what to send', async () => {
    const servers = { flaky: flakyServer({ sandbox: 'none' }) };
    const list = await listMcpTools(servers, ctx);
    const fail = list.tools.find((tool) => tool.tool === 'fail')!;
    expect(await callMcpTool(fail, servers.flaky, '{not json', ctx, { timeoutMs: 5000 })).toMatchObject({ ok: false, content: expect.stringContaining('not valid JSON') });
    const wrong = await callMcpTool(fail, servers.flaky, '{"why": 3}', ctx, { timeoutMs: 5000 });
    expect(wrong.ok).toBe(false);
    expect(wrong.content).toMatch(/why/);
  }, 30_000);
});

