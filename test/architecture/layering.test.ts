/**
 * The folders are the architecture: each may import only from the folders
 * below it, so a reader (and the workflow bundler) can trust what a folder
 * pulls in. These tests read the imports of the source tree itself.
 */
import { describe, expect, test } from 'vitest';
import { importCycles, importsOf, sourceFiles, topFolder, type ImportEdge } from '../support/import-graph.js';

/** Lowest first: a folder may import from itself and from the folders before it, never after. */
const LAYERS = [
  'errors',
  'settings',
  'telemetry',
  'plan',
  'temporal',
  'models',
  'contracts',
  'config',
  'journal',
  'exec',
  'notify',
  'forge',
  'git',
  'pr',
  'prompts',
  'agent-tools',
  'agents',
  'keeper',
  'activities',
  'workflows',
  'worker',
  'cli',
  'bench',
] as const;

const existing = LAYERS.filter((folder) => {
  try {
    return sourceFiles([folder]).length > 0;
  } catch {
    return false;
  }
});
const files = sourceFiles(existing);
const edges: ImportEdge[] = files.flatMap(importsOf);
const rank = (folder: string): number => LAYERS.indexOf(folder as (typeof LAYERS)[number]);

describe('folder layering', () => {
  test('every source folder has a place in the layers', () => {
    const unknown = edges.filter((edge) => edge.relative && rank(topFolder(edge.to)) < 0 && !edge.to.startsWith('package.json'));
    expect(unknown.map((edge) => `${edge.from} → ${edge.to}`)).toEqual([]);
  });

  test('no folder imports a folder above it', () => {
    const upward = edges.filter((edge) => edge.relative && rank(topFolder(edge.to)) > rank(topFolder(edge.from)));
    expect(upward.map((edge) => `${edge.from} → ${edge.to}`)).toEqual([]);
  });

  test('nothing in the source tree imports test code', () => {
    const intoTests = edges.filter((edge) => edge.relative && topFolder(edge.to) === 'test');
    expect(intoTests.map((edge) => `${edge.from} → ${edge.to}`)).toEqual([]);
  });

  test('there is no import cycle', () => {
    expect(importCycles(edges)).toEqual([]);
  });

  test('no module in models/ imports config/', () => {
    const intoConfig = edges.filter((edge) => topFolder(edge.from) === 'models' && edge.relative && topFolder(edge.to) === 'config');
    expect(intoConfig.map((edge) => `${edge.from} → ${edge.to}`)).toEqual([]);
  });
});

describe('what crosses the workflow and activity boundaries', () => {
  test('cli/ takes only the types of activities, never their code', () => {
    const valueImports = edges.filter((edge) => topFolder(edge.from) === 'cli' && topFolder(edge.to) === 'activities' && !edge.typeOnly);
    expect(valueImports.map((edge) => `${edge.from} → ${edge.to}`)).toEqual([]);
  });

  test('workflow code imports values only from contracts/, plan/, its own folder and the workflow SDK', () => {
    const allowed = /^(@temporalio\/workflow|@temporalio\/common)$/;
    const outside = edges.filter(
      (edge) =>
        topFolder(edge.from) === 'workflows' &&
        !edge.typeOnly &&
        (edge.relative ? !['contracts', 'plan', 'workflows', 'errors'].includes(topFolder(edge.to)) || edge.to === 'plan/schema.ts' : !allowed.test(edge.to)),
    );
    expect(outside.map((edge) => `${edge.from} → ${edge.to}`)).toEqual([]);
  });

  test('contracts/ import nothing of the workflows, activities or CLI that share them', () => {
    const users = ['workflows', 'activities', 'cli', 'worker', 'agent-tools', 'git', 'exec', 'journal', 'prompts', 'config'];
    const bad = edges.filter((edge) => topFolder(edge.from) === 'contracts' && edge.relative && users.includes(topFolder(edge.to)));
    expect(bad.map((edge) => `${edge.from} → ${edge.to}`)).toEqual([]);
  });
});
