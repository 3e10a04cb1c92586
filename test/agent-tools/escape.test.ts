/**
 * The escape suite (issue 6): path tricks against every file tool, and sandboxed
 * commands trying the network and files outside the workspace. Every attempt is
 * counted; the suite passes only with 0 escapes and nothing outside changed.
 */
import { mkdir, readdir, readFile, stat, symlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolContext } from '../../agent-tools/execute-tool.js';
import { call, context, gitInit, rm, tempDir, writeFiles } from './helpers.js';
import { startCountingServer, type CountingServer } from './counting-server.js';
import { snapshotTree } from './snapshot.js';
import { COMMAND_WRITE_ATTEMPTS, NETWORK_ATTEMPTS, PATH_ATTEMPTS, type PathAttempt } from './escape-cases.js';
import { sandboxAvailable } from '../../exec/sandbox.js';

const MARKER = 'OUTSIDE-SECRET-7f3a';
let box: string; // holds the workspace and its sibling "outside"
let ws: string;
let outside: string;
let varOutside: string;
let ctx: ToolContext;
let before: Map<string, string>;
const escapes: string[] = [];
let attempts = 0;

/** Everything outside the workspace a tool or command could plausibly touch, as path → content. */
async function outsideState(): Promise<Map<string, string>> {
  const state = new Map<string, string>();
  for (const dir of [outside, varOutside]) for (const [p, c] of await snapshotTree(dir)) state.set(p, c);
  for (const dir of [box, '/etc', homedir(), path.dirname(box)]) {
    const names = await readdir(dir).catch(() => []);
    state.set(`${dir}/`, names.filter((n) => dir !== path.dirname(box) || n.includes('escape')).sort().join(','));
  }
  for (const file of ['.git/config', '.git/HEAD']) state.set(file, await readFile(path.join(ws, file), 'utf8'));
  state.set('.git/hooks/', (await readdir(path.join(ws, '.git/hooks'))).sort().join(','));
  return state;
}

beforeAll(async () => {
  box = await tempDir('tandem-escape-');
  ws = path.join(box, 'ws');
  outside = path.join(box, 'outside');
  varOutside = await tempDir('tandem-escape-', '/var/tmp');
  await writeFiles(ws, { 'src/a.ts': 'export const a = 1;\n', 'sub/.git/config': '[core]\n' });
  await gitInit(ws);
  await writeFiles(outside, { 'secret.txt': `${MARKER}\n` });
  await writeFiles(varOutside, { 'secret.txt': `${MARKER}\n` });
  const links: Record<string, string> = {
    'passwd-link': '/etc/passwd',
    'outside-dir-link': outside,
    'outside-file-link': path.join(outside, 'secret.txt'),
    'var-dir-link': varOutside,
    chain1: 'chain2',
    chain2: 'chain3',
    chain3: path.join(outside, 'secret.txt'),
    'dangling-out': path.join(outside, 'created-through-dangling-link.txt'),
    'dotdot-link': '..',
    'git-link': '.git',
    'hooks-link': '.git/hooks',
    'src/up-link': '../..',
    loop1: 'loop2',
    loop2: 'loop1',
  };
  for (const [name, target] of Object.entries(links)) await symlink(target, path.join(ws, name));
  await mkdir(path.join(ws, 'docs'));
  ctx = context(ws, { sandbox: 'bwrap', commandTimeoutMs: 15_000 });
  before = await outsideState();
});

afterAll(async () => {
  await rm(box, { recursive: true, force: true });
  await rm(varOutside, { recursive: true, force: true });
  // eslint-disable-next-line no-console
  console.log(`escape suite: ${attempts} attempts, ${escapes.length} escapes${escapes.length ? `: ${escapes.join('; ')}` : ''}`);
});

describe('file tools refuse every path trick', () => {
  it.each(PATH_ATTEMPTS.map((a) => [`${a.tool} ${a.label}`, a] as const))('%s', async (_name, attempt: PathAttempt) => {
    attempts++;
    const args = attempt.args({ ws, outside, varOutside, box });
    const result = await call(ctx, attempt.tool, args);
    const leaked = result.content.includes(MARKER) || result.content.includes('root:x:0:0');
    if (result.ok || leaked) escapes.push(`${attempt.tool} ${attempt.label}`);
    expect({ ok: result.ok, leaked }).toEqual({ ok: false, leaked: false });
    expect(result.content).toMatch(attempt.expect ?? /Refused|does not exist|outside the workspace/);
  });

  it('lists and searches the whole workspace without following links outside', async () => {
    for (const [tool, args] of [
      ['list_files', {}],
      ['list_files', { path: '.', pattern: '**/secret.txt' }],
      ['search', { pattern: MARKER }],
      ['search', { pattern: 'root:x:0:0' }],
    ] as const) {
      attempts++;
      const result = await call(ctx, tool, args);
      // A listed file or a `file:line: text` match; the "no matches for PATTERN" answer quotes the pattern.
      const leak = new RegExp(`^(\\S*secret\\.txt|.*:\\d+: .*(${MARKER}|root:x:0:0).*)$`, 'm');
      if (leak.test(result.content)) {
        escapes.push(`${tool} ${JSON.stringify(args)}`);
      }
    }
    expect(escapes).toEqual([]);
  });

  it('left everything outside the workspace, and .git, unchanged', async () => {
    expect(await outsideState()).toEqual(before);
    await expect(stat(path.join(outside, 'created-through-dangling-link.txt'))).rejects.toThrow();
  });
});

describe('sandboxed commands stay inside', () => {
  let server: CountingServer;
  beforeAll(async () => {
    server = await startCountingServer();
  });
  afterAll(() => server.close());

  it('has bwrap available (install bubblewrap: apt-get install bubblewrap)', async () => {
    expect(await sandboxAvailable()).toBe(true);
  });

  it('can reach the test server without the sandbox (the attempts below are real)', async () => {
    const result = await call({ ...ctx, sandbox: 'none' }, 'run_command', { command: `curl -sS --max-time 5 ${server.url}` });
    expect(result.ok).toBe(true);
    expect(server.requests()).toBe(1);
  });

  it.each(NETWORK_ATTEMPTS)('no network: %s fails', async (_label, command) => {
    attempts++;
    const before = server.requests();
    const result = await call(ctx, 'run_command', { command: command({ url: server.url, port: server.port }) });
    if (result.ok || server.requests() !== before) escapes.push(`network: ${_label}`);
    expect(result.ok).toBe(false);
    expect(server.requests()).toBe(before);
  });

  it.each(COMMAND_WRITE_ATTEMPTS)('cannot write to %s', async (label, target, mustFail) => {
    attempts++;
    const file = target({ ws, outside, varOutside, box });
    const result = await call(ctx, 'run_command', { command: `echo PWNED >> '${file}'` });
    const written = (await readFile(path.resolve(ws, file), 'utf8').catch(() => '')).includes('PWNED');
    if (written) escapes.push(`write: ${label}`);
    expect(written).toBe(false);
    if (mustFail) expect(result.ok).toBe(false);
  });

  it('cannot hard-link a file from outside into the workspace', async () => {
    attempts++;
    const result = await call(ctx, 'run_command', { command: `ln '${path.join(outside, 'secret.txt')}' hardlink.txt` });
    const linked = await stat(path.join(ws, 'hardlink.txt')).then(() => true, () => false);
    if (linked) escapes.push('hard link from outside');
    expect(result.ok).toBe(false);
    expect(linked).toBe(false);
  });

  it('can write inside the workspace', async () => {
    const result = await call(ctx, 'run_command', { command: 'mkdir -p out && echo inside > out/file.txt' });
    expect(result.ok).toBe(true);
    expect(await readFile(path.join(ws, 'out/file.txt'), 'utf8')).toBe('inside\n');
  });

  it('has a private /tmp', async () => {
    attempts++;
    const name = `tandem-private-${process.pid}-${Date.now()}`;
    const hostOnly = path.join('/tmp', `${name}-host`);
    await writeFiles('/tmp', { [path.basename(hostOnly)]: 'host\n' });
    try {
      const result = await call(ctx, 'run_command', { command: `echo private > /tmp/${name} && cat /tmp/${name} && ls -a /tmp` });
      expect(result.ok).toBe(true);
      // The host's /tmp is not visible inside (only the empty mount points bwrap made for the workspace).
      expect(result.content).not.toContain(path.basename(hostOnly));
      const visible = await stat(path.join('/tmp', name)).then(() => true, () => false);
      if (visible) escapes.push('private /tmp');
      expect(visible).toBe(false);
    } finally {
      await rm(hostOnly, { force: true });
    }
  });

  it('cannot signal processes outside (own PID namespace)', async () => {
    attempts++;
    const result = await call(ctx, 'run_command', { command: `kill -0 ${process.pid}` });
    if (result.ok) escapes.push('kill outside process');
    expect(result.ok).toBe(false);
  });

  it('left everything outside the workspace, and .git, unchanged', async () => {
    expect(await outsideState()).toEqual(before);
    expect(escapes).toEqual([]);
  });
});
