import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, context, rm, tempDir, writeFiles } from './helpers.js';

let ws: string;
beforeEach(async () => {
  ws = await tempDir('tandem-exec-');
});
afterEach(() => rm(ws, { recursive: true, force: true }));

describe('executeTool failures are results', () => {
  it('lists the known tools for an unknown one', async () => {
    const result = await call(context(ws), 'delete_everything', {});
    expect(result).toEqual({
      ok: false,
      summary: 'delete_everything',
      content: 'Unknown tool "delete_everything". The tools are: read_file, write_file, edit_file, list_files, search, run_command, finish.',
    });
  });

  it('reports invalid JSON', async () => {
    const result = await call(context(ws), 'read_file', '{"path": "a.ts"');
    expect(result.ok).toBe(false);
    expect(result.content).toMatch(/^The arguments for read_file are not valid JSON \(.+\)\. Send one JSON object\.$/);
  });

  it('names each field that fails the schema', async () => {
    const result = await call(context(ws), 'read_file', { path: 3, limit: 'ten' });
    expect(result.content).toBe('Invalid arguments for read_file: path: expected string, received number; limit: expected number, received string.');
    expect((await call(context(ws), 'edit_file', '[1,2]')).content).toBe('Invalid arguments for edit_file: arguments: expected one JSON object.');
  });

  it('takes empty arguments as {}', async () => {
    await writeFiles(ws, { 'a.txt': '' });
    expect(await call(context(ws), 'list_files', '')).toMatchObject({ ok: true, content: 'a.txt' });
  });

  it('turns an unexpected filesystem error into a result, as any user (ENAMETOOLONG)', async () => {
    const result = await call(context(ws), 'read_file', { path: 'x'.repeat(300) });
    expect(result.ok).toBe(false);
    expect(result.content).toContain('ENAMETOOLONG');
  });

  // Root reads a 000 file anyway: as root this is reported as skipped, not silently passed.
  it.skipIf(process.getuid?.() === 0)('turns a permission error into a result (skipped as root: root may read a 000 file)', async () => {
    await writeFiles(ws, { 'locked.txt': 'x' });
    await chmod(path.join(ws, 'locked.txt'), 0o000);
    const result = await call(context(ws), 'read_file', { path: 'locked.txt' });
    expect(result.ok).toBe(false);
    expect(result.content).toContain('EACCES');
  });
});

describe('finish', () => {
  it('returns the summary as finished', async () => {
    const result = await call(context(ws), 'finish', { summary: 'Added slugify with tests.' });
    expect(result).toEqual({ ok: true, content: 'Finished. Tests and review run next.', summary: 'finish', finished: { summary: 'Added slugify with tests.' } });
  });

  it('requires a summary', async () => {
    expect((await call(context(ws), 'finish', {})).content).toBe('Invalid arguments for finish: summary: expected string, received undefined.');
  });
});

describe('run_command', () => {
  it('reports exit code and output', async () => {
    const ok = await call(context(ws), 'run_command', { command: 'echo hello' });
    expect(ok).toMatchObject({ ok: true, summary: 'run_command echo hello' });
    expect(ok.content).toMatch(/^Exit code 0 after \d+\.\d s\.\nhello\n$/);
    const failed = await call(context(ws), 'run_command', { command: 'echo broken >&2; exit 2' });
    expect(failed.ok).toBe(false);
    expect(failed.content).toMatch(/^Exit code 2 after .*\nbroken\n$/);
  });

  it('times out, clamped to the context maximum, and says so', async () => {
    const result = await call(context(ws, { commandTimeoutMs: 300 }), 'run_command', { command: 'sleep 30', timeout_seconds: 100 });
    expect(result.ok).toBe(false);
    expect(result.content).toMatch(/^Timed out after 0\.3 s; the command and all its child processes were killed\./);
  });

  it('redacts secrets from output and summary', async () => {
    const secret = 'sk-proj-abcdefghijklmnop';
    const ctx = context(ws, { secrets: [{ name: 'OPENAI_API_KEY', value: secret }] });
    const result = await call(ctx, 'run_command', { command: `echo ${secret}` });
    expect(result.summary).toBe('run_command echo [REDACTED:OPENAI_API_KEY]');
    expect(result.content).not.toContain(secret);
    expect(result.content).toContain('[REDACTED:OPENAI_API_KEY]');
  });

  it('caps content at maxOutputBytes', async () => {
    const result = await call(context(ws, { maxOutputBytes: 2000 }), 'run_command', { command: 'seq 1 100000' });
    expect(Buffer.byteLength(result.content)).toBeLessThanOrEqual(2000);
    expect(result.content).toContain('100000');
  });

  it('shortens long summaries to one line', async () => {
    const result = await call(context(ws), 'run_command', { command: `echo ${'x'.repeat(300)}\necho y` });
    expect(result.summary.length).toBeLessThanOrEqual(100);
    expect(result.summary).not.toContain('\n');
  });
});
