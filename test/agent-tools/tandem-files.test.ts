/**
 * The plan file is Tandem's: the file tools refuse to write it (however the path
 * is spelled), and a command that changes it is undone with a note.
 */
import { lstat, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  readTandemFiles,
  restoreTandemFiles,
  restoredNote,
  tandemFilesOf,
  type TandemFile,
} from '../../agent-tools/tandem-files.js';
import { call, context, rm, tempDir, writeFiles } from './helpers.js';

const PLAN = '# Plan\n\n- [ ] T1: One\n- [ ] T2: Two\n';
let ws: string;
let tandemFiles: TandemFile[];
beforeEach(async () => {
  ws = await tempDir('tandem-plan-');
  await writeFiles(ws, { 'TODO.md': PLAN, 'src/a.ts': 'a\n', '.tandem/report/index.html': '<p>r</p>' });
  tandemFiles = tandemFilesOf({ repo: ws, planRelPath: 'TODO.md', journalDir: '/elsewhere/journal/run' });
});
afterEach(() => rm(ws, { recursive: true, force: true }));

const plan = () => readFile(path.join(ws, 'TODO.md'), 'utf8');

describe('file tools refuse Tandem files', () => {
  it.each([
    ['write_file', { path: 'TODO.md', content: '- [x] T2: Two\n' }],
    ['edit_file', { path: 'TODO.md', old_string: '- [ ] T2', new_string: '- [x] T2' }],
    ['edit_file', { path: './src/../TODO.md', old_string: '- [ ] T2', new_string: '- [x] T2' }],
  ])('%s %j', async (name, args) => {
    const result = await call(context(ws, { tandemFiles }), name, args);
    expect(result.ok).toBe(false);
    expect(result.content).toBe(
      "Refused: TODO.md is the run's plan file; Tandem alone marks tasks in it, when it commits each task. " +
        'Change the project\'s files only, and leave task marks such as "[x]" to Tandem.',
    );
    expect(await plan()).toBe(PLAN);
  });

  it('refuses through a symbolic link and inside .tandem/', async () => {
    await symlink('TODO.md', path.join(ws, 'plan-link.md'));
    const viaLink = await call(context(ws, { tandemFiles }), 'write_file', { path: 'plan-link.md', content: 'x' });
    expect(viaLink.content).toMatch(/^Refused: TODO\.md is the run's plan file/);
    const report = await call(context(ws, { tandemFiles }), 'write_file', { path: '.tandem/report/index.html', content: 'x' });
    expect(report.content).toMatch(/^Refused: \.tandem is Tandem's own folder/);
    expect(await plan()).toBe(PLAN);
  });

  it('still writes the project files, and a plan in a subfolder is found by its path', async () => {
    expect((await call(context(ws, { tandemFiles }), 'edit_file', { path: 'src/a.ts', old_string: 'a', new_string: 'b' })).ok).toBe(true);
    const nested = tandemFilesOf({ repo: ws, planRelPath: 'docs/TODO.md', journalDir: path.join(ws, '.journal') });
    expect(nested.map((f) => f.relPath)).toEqual(['docs/TODO.md', '.tandem', '.journal']);
    const outside = tandemFilesOf({ repo: ws, planRelPath: '../elsewhere/TODO.md', journalDir: path.dirname(ws) });
    expect(outside.map((f) => f.relPath)).toEqual(['.tandem']);
    await writeFiles(ws, { 'docs/TODO.md': PLAN });
    expect((await call(context(ws, { tandemFiles: nested }), 'write_file', { path: 'docs/TODO.md', content: '' })).ok).toBe(false);
    expect((await call(context(ws, { tandemFiles: nested }), 'write_file', { path: '.journal/x.json', content: '' })).ok).toBe(false);
    expect((await call(context(ws, { tandemFiles: nested }), 'write_file', { path: 'TODO.md', content: 'mine\n' })).ok).toBe(true);
  });
});

describe('restoring the plan after a command', () => {
  it('puts back a plan that sed ticked, and says so', async () => {
    const before = await readTandemFiles(ws, tandemFiles);
    const ran = await call(context(ws, { tandemFiles }), 'run_command', { command: "sed -i 's/- \\[ \\] T2/- [x] T2/' TODO.md" });
    expect(ran.ok).toBe(true);
    expect(await plan()).toContain('- [x] T2');
    expect(await restoreTandemFiles(ws, before)).toEqual(['TODO.md']);
    expect(await plan()).toBe(PLAN);
    expect(restoredNote(tandemFiles, ['TODO.md'])).toMatch(/TODO\.md \(the run's plan file\).*restored it to its content before this command/);
  });

  it('recreates a deleted plan, replaces a directory put in its place, and leaves an untouched plan alone', async () => {
    const before = await readTandemFiles(ws, tandemFiles);
    expect(await restoreTandemFiles(ws, before)).toEqual([]);
    await call(context(ws), 'run_command', { command: 'rm TODO.md && mkdir -p TODO.md/x' });
    expect(await restoreTandemFiles(ws, before)).toEqual(['TODO.md']);
    expect(await plan()).toBe(PLAN);
    await call(context(ws), 'run_command', { command: 'rm TODO.md' });
    expect(await restoreTandemFiles(ws, before)).toEqual(['TODO.md']);
    expect(await plan()).toBe(PLAN);
  });

  it('does not write through a symlink a command put in the plan\'s place', async () => {
    const before = await readTandemFiles(ws, tandemFiles);
    await call(context(ws), 'run_command', { command: 'rm TODO.md && ln -s src/a.ts TODO.md' });
    await restoreTandemFiles(ws, before);
    expect(await plan()).toBe(PLAN);
    expect(await readFile(path.join(ws, 'src/a.ts'), 'utf8')).toBe('a\n');
  });

  describe('with the plan in a subfolder', () => {
    let outside: string;
    let nested: TandemFile[];
    beforeEach(async () => {
      outside = await tempDir('tandem-outside-');
      await writeFiles(outside, { 'TODO.md': 'the user\'s own file\n' });
      await writeFiles(ws, { 'docs/TODO.md': PLAN });
      nested = tandemFilesOf({ repo: ws, planRelPath: 'docs/TODO.md', journalDir: '/elsewhere/journal/run' });
    });
    afterEach(() => rm(outside, { recursive: true, force: true }));

    it('never writes through a folder a command made a link to a folder outside: the folder comes back, with the plan', async () => {
      const before = await readTandemFiles(ws, nested);
      await call(context(ws), 'run_command', { command: `mv docs docs.orig && ln -s ${outside} docs` });
      expect(await restoreTandemFiles(ws, before)).toEqual(['docs/TODO.md']);
      expect(await readFile(path.join(outside, 'TODO.md'), 'utf8')).toBe("the user's own file\n");
      expect((await lstat(path.join(ws, 'docs'))).isDirectory()).toBe(true);
      expect(await readFile(path.join(ws, 'docs/TODO.md'), 'utf8')).toBe(PLAN);
    });

    it('removes nothing through such a link when the plan was not there before, and reads nothing through one', async () => {
      await rm(path.join(ws, 'docs'), { recursive: true, force: true });
      const before = await readTandemFiles(ws, nested);
      expect(before).toEqual({ 'docs/TODO.md': null });
      await call(context(ws), 'run_command', { command: `ln -s ${outside} docs` });
      await restoreTandemFiles(ws, before);
      expect(await readFile(path.join(outside, 'TODO.md'), 'utf8')).toBe("the user's own file\n");
      expect(await readTandemFiles(ws, nested)).toEqual({});
    });
  });
});

