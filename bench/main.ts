/**
 * `npm run bench`: Tandem's orchestration overhead, scale to 1,000 tasks,
 * prompt size versus repo size and the cacheable prefix, with PASS/FAIL per
 * target, and writes the same figures as JSON. See USAGE for the flags.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBench } from './bench.js';
import { renderReport } from './report.js';

/** Beside the sources (dist/bench/main.js → bench/results), git-ignored. */
const DEFAULT_JSON_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'results', 'latest.json');

const USAGE = `Usage: npm run bench -- [--smoke] [--sizes 10,100,1000] [--json PATH]

  --smoke        10 tasks and fewer samples (what CI runs), about 20 seconds
  --sizes LIST   plan sizes to measure, default 10,100,1000
  --no-lanes     skip the --parallel lanes figures (about 2 minutes; never in --smoke)
  --json PATH    where to write every figure and target as JSON,
                 default bench/results/latest.json

Prints a table and PASS or FAIL per target; exits 1 when a target fails.
`;

async function main(): Promise<number> {
  let values: { smoke?: boolean; sizes?: string; json?: string; help?: boolean; 'no-lanes'?: boolean };
  try {
    ({ values } = parseArgs({
      options: { smoke: { type: 'boolean', default: false }, sizes: { type: 'string' }, json: { type: 'string' }, help: { type: 'boolean', short: 'h' }, 'no-lanes': { type: 'boolean', default: false } },
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const sizes = (values.sizes ?? (values.smoke ? '10' : '10,100,1000')).split(',').map((size) => Number(size.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) {
    process.stderr.write(`--sizes takes positive whole numbers separated by commas, e.g. 10,100,1000 (got "${values.sizes}")\n`);
    return 2;
  }
  const report = await runBench({
    sizes,
    floorSamples: values.smoke ? 10 : 30,
    largeRepoFiles: 2000,
    lanes: !values.smoke && !values['no-lanes'],
    log: (line) => process.stderr.write(`[bench] ${line}\n`),
  });
  process.stdout.write(`${renderReport(report)}\n`);
  const jsonPath = values.json ?? DEFAULT_JSON_PATH;
  await mkdir(dirname(jsonPath), { recursive: true });
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  const shown = relative(process.cwd(), jsonPath);
  process.stderr.write(`[bench] figures written to ${shown && !shown.startsWith('..') ? shown : resolve(jsonPath)}\n`);
  return report.targets.some((target) => target.pass === false) ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
