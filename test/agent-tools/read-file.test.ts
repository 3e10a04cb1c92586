import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, context, rm, tempDir, writeFiles } from './helpers.js';

let ws: string;
beforeEach(async () => {
  ws = await tempDir('tandem-read-');
  const lines = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n');
  await writeFiles(ws, { 'src/a.txt': `${lines}\n`, 'crlf.txt': 'one\r\ntwo\r\n', 'empty.txt': '', 'bin.dat': 'ab\0cd' });
});
afterEach(() => rm(ws, { recursive: true, force: true }));

describe('read_file', () => {
  it('shows numbered lines and a summary naming the file', async () => {
    const result = await call(context(ws), 'read_file', { path: 'src/a.txt' });
    expect(result.ok).toBe(true);
    expect(result.summary).toBe('read_file src/a.txt');
    // Padded to the widest number shown (two columns for 50 lines), not cat -n's six.
    expect(result.content.split('\n')[0]).toBe(' 1\tline 1');
    expect(result.content).toContain('\n50\tline 50');
    expect(result.content).not.toContain('offset=');
  });

  it('honours offset and limit and says where to read on', async () => {
    const result = await call(context(ws), 'read_file', { path: 'src/a.txt', offset: 10, limit: 3 });
    expect(result.content).toBe('10\tline 10\n11\tline 11\n12\tline 12\n(lines 10-12 of 50; read on with offset=13)');
  });

  it('right-aligns the numbers of a window to its widest one', async () => {
    const result = await call(context(ws), 'read_file', { path: 'src/a.txt', offset: 8, limit: 3 });
    expect(result.content).toBe(' 8\tline 8\n 9\tline 9\n10\tline 10\n(lines 8-10 of 50; read on with offset=11)');
  });

  it('takes offset 0 as the first line', async () => {
    const result = await call(context(ws), 'read_file', { path: 'src/a.txt', offset: 0, limit: 1 });
    expect(result.content.startsWith('1\tline 1\n')).toBe(true);
  });

  it('fails for an offset past the end', async () => {
    const result = await call(context(ws), 'read_file', { path: 'src/a.txt', offset: 51 });
    expect(result).toMatchObject({ ok: false });
    expect(result.content).toContain('has 50 lines');
  });

  it('stops at the byte cap on a line boundary and says where to read on', async () => {
    const result = await call(context(ws, { maxOutputBytes: 300 }), 'read_file', { path: 'src/a.txt' });
    expect(result.ok).toBe(true);
    expect(Buffer.byteLength(result.content)).toBeLessThanOrEqual(300);
    expect(result.content).toMatch(/\(lines 1-\d+ of 50; read on with offset=\d+\)$/);
  });

  it('strips \\r from CRLF lines, reads empty files, refuses binary ones', async () => {
    expect((await call(context(ws), 'read_file', { path: 'crlf.txt' })).content).toBe('1\tone\n2\ttwo');
    expect((await call(context(ws), 'read_file', { path: 'empty.txt' })).content).toBe('empty.txt is empty.');
    const binary = await call(context(ws), 'read_file', { path: 'bin.dat' });
    expect(binary.ok).toBe(false);
    expect(binary.content).toContain('binary');
  });

  it('fails for a missing file and for a directory', async () => {
    const missing = await call(context(ws), 'read_file', { path: 'nope.ts' });
    expect(missing).toMatchObject({ ok: false, content: 'nope.ts does not exist. Use list_files to find the right path.' });
    const dir = await call(context(ws), 'read_file', { path: 'src' });
    expect(dir.ok).toBe(false);
    expect(dir.content).toContain('is a directory');
  });

  it('redacts secret values found in files', async () => {
    await writeFiles(ws, { '.env': 'OPENAI_API_KEY=sk-live-abcdef123456\n' });
    const result = await call(context(ws, { secrets: [{ name: 'OPENAI_API_KEY', value: 'sk-live-abcdef123456' }] }), 'read_file', { path: '.env' });
    expect(result.content).toBe('1\tOPENAI_API_KEY=[REDACTED:OPENAI_API_KEY]');
  });
});
