/**
 * The instant model slowed down: every call (implementer step and review)
 * waits a fixed time first, like a remote model's round trip, so a figure
 * shows what a user waits for rather than how fast the CPU orchestrates.
 * The scripted model reads `latencyMs` from the script at its baseUrl
 * (models/scripted.ts); the run's journal records each call's real span.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSettings } from '../contracts/run.js';
import { INSTANT, INSTANT_REVIEWER } from './run-plan.js';

/** What the lanes and the concurrent-runs figures take a remote model call to cost. */
export const MODEL_LATENCY_MS = 1000;

export type BenchModels = Pick<RunSettings, 'implementer' | 'reviewers'>;

/**
 * The instant implementer and reviewer, each call taking `latencyMs` first; 0
 * gives the instant models unchanged. The script goes in `dir` (e.g. a folder
 * the caller removes afterwards), else in a temp folder of its own.
 */
export async function modelsWithLatency(latencyMs: number, dir?: string): Promise<BenchModels> {
  if (latencyMs <= 0) return { implementer: INSTANT, reviewers: [INSTANT_REVIEWER] };
  const script = join(dir ?? (await mkdtemp(join(tmpdir(), 'tandem-bench-latency-'))), 'model-script.json');
  await writeFile(script, JSON.stringify({ tasks: {}, latencyMs }));
  return { implementer: { ...INSTANT, baseUrl: script }, reviewers: [{ ...INSTANT_REVIEWER, baseUrl: script }] };
}
