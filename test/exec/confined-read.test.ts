/**
 * Tandem's own reads of workspace files (templates, AGENTS.md, the design, the plan)
 * stay inside the workspace and never block: an agent can plant links and FIFOs.
 */
import { execFileSync } from 'node:child_process';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfined, readConfinedText } from '../../exec/confined-read.js';
import { loadTemplate } from '../../prompts/templates.js';
import { rm, tempDir, writeFiles } from '../agent-tools/helpers.js';

let ws: string;
let outside: string;
beforeEach(async () => {
  ws = await tempDir('tandem-confined-');
  outside = await tempDir('tandem-outside-');
  await writeFiles(outside, { 'id_rsa': 'HOST SECRET\n' });
  await writeFiles(ws, { 'AGENTS.md': 'be careful\n', 'docs/agents.md': 'shared instructions\n' });
});
afterEach(async () => {
  await rm(ws, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('readConfined', () => {
  it('reads a regular file, and one through a link that stays in the workspace', async () => {
    await symlink('docs/agents.md', path.join(ws, 'CLAUDE.md'));
    expect(await readConfinedText(ws, 'AGENTS.md', 'AGENTS.md')).toBe('be careful\n');
    expect(await readConfinedText(ws, 'CLAUDE.md', 'CLAUDE.md')).toBe('shared instructions\n');
    expect(await readConfinedText(ws, 'missing.md', 'missing.md')).toBeUndefined();
    expect(await readConfinedText(ws, 'AGENTS.md/under-a-file', 'x')).toBeUndefined();
  });

  it('refuses a link, or a folder link, that leads out of the workspace, and never returns its bytes', async () => {
    await symlink(path.join(outside, 'id_rsa'), path.join(ws, 'KEY.md'));
    await symlink(outside, path.join(ws, 'linked'));
    expect(await readConfined(ws, 'KEY.md')).toEqual({ status: 'refused', why: 'outside' });
    expect(await readConfined(ws, 'linked/id_rsa')).toEqual({ status: 'refused', why: 'outside' });
    expect(await readConfined(ws, '../outside/id_rsa')).toEqual({ status: 'refused', why: 'outside' });
    await expect(readConfinedText(ws, 'KEY.md', 'the prompt template KEY.md')).rejects.toMatchObject({
      code: 'WORKSPACE_FILE_REFUSED',
      message: expect.stringContaining('the prompt template KEY.md'),
    });
  });

  it('refuses a FIFO at once, where a plain read would block for good', async () => {
    execFileSync('mkfifo', [path.join(ws, 'fifo.md')]);
    expect(await readConfined(ws, 'fifo.md')).toEqual({ status: 'refused', why: 'not-a-file' });
  });

  it('refuses a directory and a file over the size given', async () => {
    expect(await readConfined(ws, 'docs')).toEqual({ status: 'refused', why: 'directory' });
    expect(await readConfined(ws, 'AGENTS.md', 4)).toEqual({ status: 'refused', why: 'too-large', size: 11 });
  });
});

describe('prompt templates', () => {
  it("take the repository's own template, else the built-in one, and refuse one that links out", async () => {
    await writeFiles(ws, { '.tandem/templates/reviewer.md': 'our own reviewer\n' });
    expect(await loadTemplate('reviewer', ws)).toBe('our own reviewer\n');
    expect(await loadTemplate('reviewer-task', ws)).toContain('{{');
    await symlink(path.join(outside, 'id_rsa'), path.join(ws, '.tandem/templates/reviewer-task.md'));
    await expect(loadTemplate('reviewer-task', ws)).rejects.toMatchObject({ code: 'WORKSPACE_FILE_REFUSED' });
  });
});
