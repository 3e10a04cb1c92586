/**
 * Every structured output a run's activities ask for can be validated by the
 * keeper with the very schema the activity passes; otherwise such calls would
 * quietly fall back to the worker and a kill would repeat them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { isKeptSchema, OUTPUT_SCHEMAS } from '../../keeper/output-schemas.js';
import * as convergeSchemas from '../../plan/converge-schema.js';
import * as planSchemas from '../../plan/schema.js';
import { REPO_ROOT } from '../support/cli.js';

// tandem plan's activities call in the worker (no lanes, no keeper).
const NOT_IN_RUNS = new Set(['planning.ts']);
const schemas: Record<string, unknown> = { ...planSchemas, ...convergeSchemas };

it('holds every output schema the run activities pass to callModel, by the name they give it', () => {
  const dir = join(REPO_ROOT, 'activities');
  const outputs = readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !NOT_IN_RUNS.has(file))
    .flatMap((file) => [...readFileSync(join(dir, file), 'utf8').matchAll(/output: \{ name: '(\w+)'.*?schema: (\w+) \}/g)])
    .map(([, name, schema]) => ({ name: name!, schema: schema! }));
  expect(outputs.map((output) => output.name).sort()).toEqual(['converge', 'review_verdict']);
  for (const { name, schema } of outputs) {
    expect(schemas[schema], schema).toBeDefined();
    expect(isKeptSchema({ name, schema: schemas[schema] }), `${name} → ${schema}`).toBe(true);
  }
  expect(Object.keys(OUTPUT_SCHEMAS).sort()).toEqual(['converge', 'review_verdict']);
});

it('does not take a schema under a name it is not registered with', () => {
  expect(isKeptSchema({ name: 'review_verdict', schema: planSchemas.PlanSchema })).toBe(false);
  expect(isKeptSchema({ name: 'toString', schema: Object.prototype.toString })).toBe(false);
});
