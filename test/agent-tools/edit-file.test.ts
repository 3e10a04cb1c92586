import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, context, rm, tempDir, writeFiles } from './helpers.js';

let ws: string;
const source = 'function a() {\n  return 1;\n}\n\nfunction b() {\n  return 1;\n}\n';
beforeEach(async () => {
  ws = await tempDir('tandem-edit-');
  await writeFiles(ws, { 'src/x.ts': source, 'win.txt': 'alpha\r\nbeta\r\ngamma\r\n' });
});
afterEach(() => rm(ws, { recursive: true, force: true }));
const contents = (name: string) => readFile(path.join(ws, name), 'utf8');

describe('edit_file', () => {
  it('replaces a unique match and reports the lines', async () => {
    const result = await call(context(ws), 'edit_file', {
      path: 'src/x.ts',
      old_string: 'function b() {\n  return 1;',
      new_string: 'function b() {\n  // two\n  return 2;',
    });
    expect(result).toMatchObject({ ok: true, summary: 'edit_file src/x.ts' });
    expect(result.content).toBe('Edited src/x.ts: replaced lines 5-6 with 3 lines (now lines 5-7).');
    expect(await contents('src/x.ts')).toBe(source.replace('function b() {\n  return 1;', 'function b() {\n  // two\n  return 2;'));
  });

  it('fails on zero matches and leaves the file alone', async () => {
    const result = await call(context(ws), 'edit_file', { path: 'src/x.ts', old_string: 'return 3;', new_string: 'x' });
    expect(result.ok).toBe(false);
    expect(result.content).toContain('0 matches');
    expect(await contents('src/x.ts')).toBe(source);
  });

  it('fails on multiple matches, saying how many and to add context', async () => {
    const result = await call(context(ws), 'edit_file', { path: 'src/x.ts', old_string: 'return 1;', new_string: 'return 2;' });
    expect(result.ok).toBe(false);
    expect(result.content).toContain('occurs 2 times');
    expect(result.content).toContain('Include more surrounding lines');
    expect(await contents('src/x.ts')).toBe(source);
  });

  it('inserts replacement text literally ($& and $1 are not patterns)', async () => {
    await call(context(ws), 'edit_file', { path: 'src/x.ts', old_string: 'function a() {', new_string: "function a() { // $& $1 $$" });
    expect(await contents('src/x.ts')).toContain("function a() { // $& $1 $$\n");
  });

  it('matches LF text against a CRLF file and keeps its line endings', async () => {
    const result = await call(context(ws), 'edit_file', { path: 'win.txt', old_string: 'alpha\nbeta', new_string: 'alpha\nBETA\nbeta2' });
    expect(result.ok).toBe(true);
    expect(await contents('win.txt')).toBe('alpha\r\nBETA\r\nbeta2\r\ngamma\r\n');
  });

  it('refuses empty and no-op edits and missing files', async () => {
    expect((await call(context(ws), 'edit_file', { path: 'src/x.ts', old_string: '', new_string: 'x' })).content).toContain('write_file');
    expect((await call(context(ws), 'edit_file', { path: 'src/x.ts', old_string: 'a', new_string: 'a' })).content).toContain('identical');
    const missing = await call(context(ws), 'edit_file', { path: 'src/nope.ts', old_string: 'a', new_string: 'b' });
    expect(missing).toMatchObject({ ok: false });
    expect(missing.content).toContain('does not exist');
  });
});
