import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { PlanSchema, ReviewVerdictSchema } from '../../plan/index.js';

describe('PlanSchema', () => {
  const valid = {
    title: 'Add options to slugify',
    tasks: [
      { id: 'T1', title: 'Add separator', details: 'd', acceptance: ['a'], dependsOn: [] },
      { id: 'T1a', title: 'Docs', details: '', acceptance: ['b'], verify: 'npm test', dependsOn: ['T1'], files: ['README.md'], requirements: ['R1', 'REQ-2.a'] },
    ],
  };

  test('accepts the contract, including hand-style ids', () => {
    expect(PlanSchema.parse(valid)).toEqual(valid);
  });

  test.each([
    ['an id not starting with a letter', { id: '1' }],
    ['no acceptance criteria', { acceptance: [] }],
    ['a missing dependsOn', { dependsOn: undefined }],
    ['a requirement id with spaces', { requirements: ['R1 login'] }],
  ])('rejects %s', (_name, change) => {
    const task = { ...valid.tasks[0], ...change };
    expect(PlanSchema.safeParse({ ...valid, tasks: [task] }).success).toBe(false);
  });

  test('converts to a JSON Schema with descriptions for the model', () => {
    const schema = z.toJSONSchema(PlanSchema) as unknown as {
      properties: { tasks: { items: { properties: Record<string, { description?: string }>; required: string[] } } };
    };
    const task = schema.properties.tasks.items;
    expect(task.required.sort()).toEqual(['acceptance', 'dependsOn', 'details', 'id', 'title']);
    for (const [name, property] of Object.entries(task.properties)) {
      expect(property.description, name).toBeTruthy();
    }
  });
});

describe('ReviewVerdictSchema', () => {
  test('accepts a verdict with comments', () => {
    const verdict = {
      verdict: 'request_changes',
      summary: 'T3 is too big.',
      comments: [{ severity: 'blocker', body: 'Split T3.', file: 'TODO.md', line: 14 }, { severity: 'nit', body: 'Typo.' }],
    };
    expect(ReviewVerdictSchema.parse(verdict)).toEqual(verdict);
  });

  test.each([
    { verdict: 'maybe', summary: '', comments: [] },
    { verdict: 'approve', summary: '', comments: [{ severity: 'critical', body: 'x' }] },
    { verdict: 'approve', summary: '', comments: [{ severity: 'nit', body: 'x', line: 0 }] },
  ])('rejects %j', (verdict) => {
    expect(ReviewVerdictSchema.safeParse(verdict).success).toBe(false);
  });

  test('converts to a JSON Schema', () => {
    expect(z.toJSONSchema(ReviewVerdictSchema)).toMatchObject({
      type: 'object',
      required: ['verdict', 'summary', 'comments'],
    });
  });
});
