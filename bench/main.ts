/**
 * `npm run bench`: Tandem's orchestration overhead, scale to 1,000 tasks,
 * prompt size versus repo size and the cacheable prefix, with PASS/FAIL per
 * target, and writes the same figures as JSON. See USAGE for the flags.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBench } from './bench.js';
import { renderComparison, type ComparableReport } from './compare.js';
import { MODEL_LATENCY_MS } from './model-latency.js';
import { renderReport } from './report.js';

/** Beside the sources (dist/bench/main.js → bench/results). latest.json is committed; smoke.json is git-ignored. */
const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'results');

/** CI's concurrent runs: small, and a short model latency so the latency comparison runs without adding minutes. */
const SMOKE_CONCURRENT = { runs: 2, tasksPerRun: 5, modelLatencyMs: 100 };

const USAGE = `Usage: npm run bench -- [--smoke] [--sizes 10,100,1000] [--json PATH] [--no-concurrent] [--no-lanes] [--compare OLD.json [--against NEW.json]]

  --smoke          10 tasks, fewer samples, 2 concurrent runs of 5 tasks (model calls instant, then 100 ms
                   each; what CI runs), about a minute
  --sizes LIST     plan sizes to measure, default 10,100,1000
  --json PATH      where to write every figure and target as JSON,
                   default bench/results/latest.json (committed: the README table comes from it;
                   --smoke writes bench/results/smoke.json instead)
  --no-lanes       skip the --parallel lanes figures (16 tasks at 1, 2, 4, 8 lanes, a 4×4 DAG; 1 s per
                   model call, about 3 minutes; never in --smoke)
  --no-concurrent  skip the concurrent runs (1 run alone, then 8 runs of 25 tasks at once, on the instant
                   model and with 1 s per model call, about 5 minutes; 2 runs of 5 with --smoke)
  --compare OLD    after the bench, print each figure next to OLD's with the change
  --against NEW    with --compare: compare OLD with NEW and run nothing

Prints a table and PASS or FAIL per target; exits 1 when a target fails.
`;

async function main(): Promise<number> {
  let values: { smoke?: boolean; sizes?: string; json?: string; help?: boolean; 'no-concurrent'?: boolean; 'no-lanes'?: boolean; compare?: string; against?: string };
  try {
    ({ values } = parseArgs({
      options: {
        smoke: { type: 'boolean', default: false },
        sizes: { type: 'string' },
        json: { type: 'string' },
        'no-concurrent': { type: 'boolean', default: false },
        'no-lanes': { type: 'boolean', default: false },
        compare: { type: 'string' },
        against: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.against !== undefined && values.compare === undefined) {
    process.stderr.write(`--against NEW.json compares with --compare OLD.json; give both\n\n${USAGE}`);
    return 2;
  }
  // Read before the bench's minutes, so a wrong path fails at once.
  const older = values.compare === undefined ? undefined : await readResult(values.compare);
  if (typeof older === 'string') return fail(older);
  if (older && values.against !== undefined) {
    const newer = await readResult(values.against);
    if (typeof newer === 'string') return fail(newer);
    process.stdout.write(`${renderComparison(older, newer, { old: basename(values.compare!), new: basename(values.against) })}\n`);
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
    concurrent: values['no-concurrent'] ? false : values.smoke ? SMOKE_CONCURRENT : { runs: 8, tasksPerRun: 25, modelLatencyMs: MODEL_LATENCY_MS },
    log: (line) => process.stderr.write(`[bench] ${line}\n`),
  });
  process.stdout.write(`${renderReport(report)}\n`);
  // A smoke run must not replace the record the README is generated from.
  const jsonPath = values.json ?? join(RESULTS_DIR, values.smoke ? 'smoke.json' : 'latest.json');
  await mkdir(dirname(jsonPath), { recursive: true });
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  const shown = relative(process.cwd(), jsonPath);
  process.stderr.write(`[bench] figures written to ${shown && !shown.startsWith('..') ? shown : resolve(jsonPath)}\n`);
  if (older) process.stdout.write(`\nCompared with ${values.compare}:\n${renderComparison(older, report, { old: basename(values.compare!), new: 'this run' })}\n`);
  return report.targets.some((target) => target.pass === false) ? 1 : 0;
}

/** A bench result's JSON, or a message saying why it cannot be read. */
async function readResult(path: string): Promise<ComparableReport | string> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as unknown;
    if (parsed === null || typeof parsed !== 'object' || !('figures' in parsed)) return `${path} is not a bench result (no "figures"); pass a file \`npm run bench\` wrote`;
    return parsed as ComparableReport;
  } catch (error) {
    return `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
