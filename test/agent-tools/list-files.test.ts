import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, context, gitInit, rm, tempDir, writeFiles } from './helpers.js';

let ws: string;
beforeEach(async () => {
  ws = await tempDir('tandem-list-');
  await writeFiles(ws, {
    'README.md': '',
    'src/a.ts': '',
    'src/b.ts': '',
    'src/sub/c.ts': '',
    'src/sub/d.js': '',
    'node_modules/pkg/index.js': '',
    '.hidden/e.ts': '',
    'dist/out.js': '',
    '.gitignore': 'dist/\n',
  });
});
afterEach(() => rm(ws, { recursive: true, force: true }));

describe('list_files', () => {
  it('lists every file, skipping node_modules, sorted and relative to the root', async () => {
    const result = await call(context(ws), 'list_files', {});
    expect(result).toMatchObject({ ok: true, summary: 'list_files .' });
    expect(result.content.split('\n')).toEqual(['.gitignore', '.hidden/e.ts', 'README.md', 'dist/out.js', 'src/a.ts', 'src/b.ts', 'src/sub/c.ts', 'src/sub/d.js']);
  });

  it('respects .gitignore and skips .git in a git repository', async () => {
    await gitInit(ws);
    const result = await call(context(ws), 'list_files', {});
    expect(result.content).not.toContain('dist/out.js');
    expect(result.content).not.toContain('.git/');
    expect(result.content).toContain('src/sub/c.ts');
  });

  it('filters by pattern under a path, answering paths relative to the workspace', async () => {
    const result = await call(context(ws), 'list_files', { path: 'src', pattern: '**/*.ts' });
    expect(result.content.split('\n')).toEqual(['src/a.ts', 'src/b.ts', 'src/sub/c.ts']);
    expect(result.summary).toBe('list_files src **/*.ts');
  });

  it('hints at ** when a flat pattern matches nothing', async () => {
    const result = await call(context(ws), 'list_files', { pattern: '*.js' });
    expect(result.ok).toBe(true);
    expect(result.content).toContain('**/*.js');
  });

  it('does not follow a symlinked directory', async () => {
    await symlink('/etc', path.join(ws, 'etc-link'));
    const result = await call(context(ws), 'list_files', {});
    expect(result.content).not.toContain('etc-link/passwd');
  });

  it('caps a long listing and says how many are left out', async () => {
    await writeFiles(ws, Object.fromEntries(Array.from({ length: 1100 }, (_, i) => [`many/f${i}.txt`, ''])));
    const result = await call(context(ws, { maxOutputBytes: 1_000_000 }), 'list_files', { path: 'many' });
    expect(result.content.split('\n')).toHaveLength(1001);
    expect(result.content).toMatch(/\(100 more not shown; narrow path or pattern\)$/);
  });

  it('fails for a path that is a file or does not exist', async () => {
    expect((await call(context(ws), 'list_files', { path: 'README.md' })).content).toContain('is a file');
    expect((await call(context(ws), 'list_files', { path: 'nope' })).content).toContain('does not exist');
  });
});
