import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, context, gitInit, rm, tempDir, writeFiles } from './helpers.js';

let ws: string;
beforeEach(async () => {
  ws = await tempDir('tandem-search-');
  await writeFiles(ws, {
    'src/slug.ts': 'export function slugify(s: string) {\n  return s.toLowerCase();\n}\n',
    'src/use.ts': "import { slugify } from './slug.js';\nslugify('A B');\n",
    'node_modules/x/index.js': 'function slugify() {}\n',
    'ignored/gen.ts': 'slugify\n',
    '.gitignore': 'ignored/\n',
    'bin.dat': 'slugify\0binary',
    'weird:name.ts': 'slugify here\n',
  });
});
afterEach(() => rm(ws, { recursive: true, force: true }));

describe.each([
  ['a git work tree', true],
  ['a plain directory', false],
])('search in %s', (_label, git) => {
  beforeEach(async () => {
    if (git) await gitInit(ws);
  });

  it('answers file:line: text for each match, skipping node_modules, ignored and binary files', async () => {
    const result = await call(context(ws), 'search', { pattern: 'slugify\\(' });
    expect(result).toMatchObject({ ok: true, summary: 'search slugify\\(' });
    expect(result.content.split('\n').sort()).toEqual(["src/slug.ts:1: export function slugify(s: string) {", "src/use.ts:2: slugify('A B');"]);
  });

  it('limits the search to a path and handles names with colons', async () => {
    expect((await call(context(ws), 'search', { pattern: 'slugify', path: 'src/use.ts' })).content).toBe(
      "src/use.ts:1: import { slugify } from './slug.js';\nsrc/use.ts:2: slugify('A B');",
    );
    expect((await call(context(ws), 'search', { pattern: 'here$' })).content).toBe('weird:name.ts:1: slugify here');
  });

  it('supports Perl/JavaScript regex syntax', async () => {
    const result = await call(context(ws), 'search', { pattern: '\\bs\\.toLowerCase\\(\\)', path: 'src' });
    expect(result.content).toBe('src/slug.ts:2:   return s.toLowerCase();');
  });

  it('reports no matches as a success, and an invalid regex as a failure', async () => {
    expect((await call(context(ws), 'search', { pattern: 'nothing-matches-this' })).content).toBe('No matches for nothing-matches-this in ..');
    const invalid = await call(context(ws), 'search', { pattern: 'slugify(' });
    expect(invalid.ok).toBe(false);
    expect(invalid.content).toContain('Invalid regular expression');
  });

  it('caps the number of matches', async () => {
    await writeFiles(ws, { 'big.txt': 'hit\n'.repeat(500) });
    const result = await call(context(ws, { maxOutputBytes: 1_000_000 }), 'search', { pattern: '^hit$' });
    expect(result.content.split('\n')).toHaveLength(201);
    expect(result.content).toContain('more matches not shown');
  });
});
