/**
 * Holds the tree to settings/environment.ts being the one place TANDEM_*
 * variables are read, and the README to documenting exactly those variables.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TANDEM_VARIABLES } from '../../settings/environment.js';
import { sourceDirs, tsFiles } from '../support/source-files.js';

const ROOT = join(import.meta.dirname, '..', '..');
// `process.env.TANDEM_X`, `env?.TANDEM_X`, `(a ?? b).TANDEM_X`, `env['TANDEM_X']`.
const READS_TANDEM_VARIABLE = /\.TANDEM_[A-Z0-9_]+|\[\s*['"`]TANDEM_/;
// The bench names its own fake API key variable; it is an apiKeyEnv value, not a Tandem setting.
// Not read by Tandem: names it gives a child process (the bench's fake key; the key variable of the Codex config Tandem writes).
const NOT_SETTINGS = new Set(['TANDEM_BENCH_FAKE_OPENAI_KEY', 'TANDEM_BENCH_FAKE_ANTHROPIC_KEY', 'TANDEM_CODEX_API_KEY']);

// Every compiled source file but the settings module itself.
const sources = sourceDirs(ROOT)
  .flatMap((dir) => tsFiles(join(ROOT, dir)))
  .map((file) => ({ path: relative(ROOT, file), text: readFileSync(file, 'utf8') }))
  .filter((file) => !file.path.startsWith(`settings${sep}`));

describe('TANDEM_* environment variables', () => {
  it('are read only through settings/environment.ts', () => {
    const offenders = sources.flatMap((file) =>
      file.text
        .split('\n')
        .map((line, index) => ({ line, index }))
        .filter(({ line }) => READS_TANDEM_VARIABLE.test(line))
        .map(({ line, index }) => `${file.path}:${index + 1}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('named anywhere in the source (help text, hints, comments) are variables the settings module knows', () => {
    const named = new Set(sources.flatMap((file) => file.text.match(/\bTANDEM_[A-Z0-9_]*[A-Z0-9]\b/g) ?? []));
    const unknown = [...named].filter((name) => !(name in TANDEM_VARIABLES) && !NOT_SETTINGS.has(name));
    expect(unknown).toEqual([]);
  });

  it('are exactly the ones the README\'s Configuration table lists', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('\n## Configuration\n');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const rows = section.split('\n').filter((line) => line.startsWith('|'));
    const listed = rows.flatMap((row) => row.split('|')[1]?.match(/TANDEM_[A-Z0-9_]+/g) ?? []);
    expect(listed.sort()).toEqual(Object.keys(TANDEM_VARIABLES).sort());
  });
});
