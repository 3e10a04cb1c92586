import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PlanSchema, ReviewVerdictSchema } from '../../plan/index.js';
import { PlanProposalSchema } from '../../plan/schema.js';
import { ConvergeReplySchema } from '../../plan/converge-schema.js';
import { TOOL_SPECS } from '../../agent-tools/tools.js';
import { outputJsonSchema } from '../../models/output-json-schema.js';
import { unportableSchemaParts } from '../../models/portable-schema.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every zod schema Tandem sends as structured output, by the name the call sites use. */
const OUTPUT_SCHEMAS = { PlanSchema, PlanProposalSchema, ReviewVerdictSchema, ConvergeReplySchema } as const;

describe('schemas sent to models', () => {
  test('every structured-output schema in the source is one this test checks', () => {
    // A new `output: { ..., schema: X }` must be added to OUTPUT_SCHEMAS above, so it is checked too.
    const used = new Set<string>();
    for (const dir of ['activities', 'cli', 'bench', 'worker']) {
      for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts')) continue;
        const text = readFileSync(join(ROOT, dir, file), 'utf8');
        for (const match of text.matchAll(/output: \{[^}]*\bschema: (\w+)/g)) used.add(match[1]!);
        // Ternaries choose between schemas (`? { ..., schema: A } : { ..., schema: B }`).
        for (const match of text.matchAll(/\{ name: '[^']*', description: [^}]*\bschema: (\w+) \}/g)) used.add(match[1]!);
      }
    }
    expect(used.size).toBeGreaterThan(0);
    expect([...used].filter((name) => !(name in OUTPUT_SCHEMAS))).toEqual([]);
  });

  test.each(Object.entries(OUTPUT_SCHEMAS))('%s uses only patterns and keywords llama.cpp and OpenAI strict mode support', (name, schema) => {
    const json = outputJsonSchema({ name, schema });
    expect(unportableSchemaParts(json)).toEqual([]);
  });

  test.each(TOOL_SPECS.map((spec) => [spec.name, spec] as const))('tool %s has portable parameters', (_name, spec) => {
    expect(unportableSchemaParts(spec.parameters)).toEqual([]);
  });

  test('the plan schema still constrains task ids with a pattern', () => {
    expect(JSON.stringify(outputJsonSchema({ name: 'plan', schema: PlanSchema }))).toContain('"pattern":"^[A-Za-z][A-Za-z0-9_.-]*$"');
  });
});

describe('unportableSchemaParts', () => {
  test.each([
    ['\\w', '^[A-Za-z][\\w.-]*$'],
    ['\\d', '^\\d+$'],
    ['\\s', 'a\\sb'],
    ['a lookahead', '^(?=a)a$'],
    ['a negative lookbehind', '(?<!x)y'],
    ['a backreference', '(a)\\1'],
  ])('rejects %s in a nested pattern', (_what, pattern) => {
    const schema = { type: 'object', properties: { items: { type: 'array', items: { type: 'string', pattern } } } };
    expect(unportableSchemaParts(schema)).toEqual([expect.stringContaining('$.properties.items.items.pattern')]);
  });

  test('rejects format, but not a property named format', () => {
    const schema = { type: 'object', properties: { format: { type: 'string' }, when: { type: 'string', format: 'date-time' } } };
    expect(unportableSchemaParts(schema)).toEqual([expect.stringContaining('$.properties.when.format')]);
  });

  test('accepts plain character classes and anchors', () => {
    expect(unportableSchemaParts({ type: 'string', pattern: '^[A-Za-z0-9_.-]+$' })).toEqual([]);
  });
});
