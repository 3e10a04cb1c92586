/**
 * What a worker registers is exactly the public surface of activities/: every
 * exported function of an activity module, named in createActivities(), and
 * nothing else (no helper registered by a module spread).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { importsOf, sourceFiles } from '../support/import-graph.js';

const dir = fileURLToPath(new URL('../../activities/', import.meta.url));
const modules = readdirSync(dir).filter((name) => name.endsWith('.ts') && name !== 'index.ts');

test('every exported function of an activity module is registered, by name, and nothing else is', async () => {
  const exported: string[] = [];
  for (const name of modules) {
    const module = (await import(`${dir}${name}`)) as Record<string, unknown>;
    exported.push(...Object.entries(module).filter(([, value]) => typeof value === 'function').map(([key]) => key));
  }
  expect(Object.keys(createActivities()).sort()).toEqual(exported.sort());
});

test('every activity module that a workflow proxies is one the worker registers', () => {
  const proxied = sourceFiles(['workflows'])
    .flatMap(importsOf)
    .filter((edge) => edge.relative && edge.to.startsWith('activities/'))
    .map((edge) => edge.to.replace('activities/', ''));
  expect(proxied.length).toBeGreaterThan(0);
  for (const file of proxied) expect(modules).toContain(file);
});
