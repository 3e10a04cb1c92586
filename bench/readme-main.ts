/**
 * `npm run bench:readme`: rewrites the README's benchmark block (between
 * `<!-- bench:start -->` and `<!-- bench:end -->`) from the committed
 * bench/results/latest.json. test/bench/readme-table.test.ts fails when they drift.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { README_END, README_START, renderReadmeTable, spliceReadme, type ReadmeSource } from './readme-table.js';

/** dist/bench/readme-main.js → the checkout's root. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<number> {
  const resultPath = process.argv[2] ?? join(ROOT, 'bench', 'results', 'latest.json');
  const readmePath = join(ROOT, 'README.md');
  const result = JSON.parse(await readFile(resultPath, 'utf8')) as ReadmeSource;
  const readme = await readFile(readmePath, 'utf8');
  const updated = spliceReadme(readme, renderReadmeTable(result));
  if (updated === undefined) {
    process.stderr.write(`README.md has no ${README_START} … ${README_END} block; add the two markers where the table belongs\n`);
    return 2;
  }
  if (updated === readme) process.stderr.write('README.md already shows these figures\n');
  else {
    await writeFile(readmePath, updated);
    process.stderr.write(`README.md: benchmark block rewritten from ${resultPath}\n`);
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench:readme failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
