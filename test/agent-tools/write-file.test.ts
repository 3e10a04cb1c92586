import { chmod, link, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, context, rm, tempDir, writeFiles } from './helpers.js';

let ws: string;
beforeEach(async () => {
  ws = await tempDir('tandem-write-');
});
afterEach(() => rm(ws, { recursive: true, force: true }));

describe('write_file', () => {
  it('creates a file and its parent directories', async () => {
    const result = await call(context(ws), 'write_file', { path: 'src/deep/new.ts', content: 'export const a = 1;\n' });
    expect(result).toMatchObject({ ok: true, summary: 'write_file src/deep/new.ts' });
    expect(result.content).toBe('Created src/deep/new.ts (1 lines, 20 bytes).');
    expect(await readFile(path.join(ws, 'src/deep/new.ts'), 'utf8')).toBe('export const a = 1;\n');
  });

  it('replaces an existing file', async () => {
    await writeFiles(ws, { 'a.txt': 'old' });
    const result = await call(context(ws), 'write_file', { path: './a.txt', content: 'new' });
    expect(result.content).toMatch(/^Replaced a\.txt/);
    expect(await readFile(path.join(ws, 'a.txt'), 'utf8')).toBe('new');
  });

  it('keeps the mode of a replaced file and leaves no temporary file', async () => {
    await writeFiles(ws, { 'run.sh': 'echo old\n' });
    await chmod(path.join(ws, 'run.sh'), 0o755);
    await call(context(ws), 'write_file', { path: 'run.sh', content: 'echo new\n' });
    expect((await stat(path.join(ws, 'run.sh'))).mode & 0o777).toBe(0o755);
    expect(await readdir(ws)).toEqual(['run.sh']);
  });

  it('replaces a hard-linked file instead of writing through the link', async () => {
    await writeFiles(ws, { 'original.txt': 'original\n' });
    await link(path.join(ws, 'original.txt'), path.join(ws, 'linked.txt'));
    await call(context(ws), 'write_file', { path: 'linked.txt', content: 'changed\n' });
    expect(await readFile(path.join(ws, 'linked.txt'), 'utf8')).toBe('changed\n');
    expect(await readFile(path.join(ws, 'original.txt'), 'utf8')).toBe('original\n');
  });

  it('accepts an absolute path inside the workspace', async () => {
    const result = await call(context(ws), 'write_file', { path: path.join(ws, 'abs.txt'), content: 'x' });
    expect(result.ok).toBe(true);
    expect(await readFile(path.join(ws, 'abs.txt'), 'utf8')).toBe('x');
  });

  it('fails when a parent is a file or the target is a directory', async () => {
    await writeFiles(ws, { 'file.txt': 'x', 'dir/keep': '' });
    const underFile = await call(context(ws), 'write_file', { path: 'file.txt/child', content: 'x' });
    expect(underFile.ok).toBe(false);
    expect(underFile.content).toContain('is a file, not a directory');
    const onDir = await call(context(ws), 'write_file', { path: 'dir', content: 'x' });
    expect(onDir.ok).toBe(false);
    expect(onDir.content).toContain('is a directory');
  });

  it('names the missing field when content is absent', async () => {
    const result = await call(context(ws), 'write_file', { path: 'a.txt' });
    expect(result.ok).toBe(false);
    expect(result.content).toBe('Invalid arguments for write_file: content: expected string, received undefined.');
  });
});
