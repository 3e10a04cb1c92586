/**
 * `npm run bench`: Tandem's orchestration overhead, scale to 1,000 tasks,
 * prompt size versus repo size and the cacheable prefix, with PASS/FAIL per
 * target. Flags: --smoke (10 tasks, fewer samples), --sizes 10,100,1000,
 * --json PATH (write the figures as JSON too).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runBench } from './bench.js';
import { renderReport } from './report.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { smoke: { type: 'boolean', default: false }, sizes: { type: 'string' }, json: { type: 'string' } },
  });
  const sizes = (values.sizes ?? (values.smoke ? '10' : '10,100,1000')).split(',').map((size) => Number(size.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) {
    process.stderr.write(`--sizes takes positive whole numbers separated by commas, e.g. 10,100,1000 (got "${values.sizes}")\n`);
    return 2;
  }
  const report = await runBench({
    sizes,
    floorSamples: values.smoke ? 10 : 30,
    largeRepoFiles: 2000,
    log: (line) => process.stderr.write(`[bench] ${line}\n`),
  });
  process.stdout.write(`${renderReport(report)}\n`);
  if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
  return report.targets.some((target) => target.pass === false) ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
