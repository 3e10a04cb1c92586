/**
 * The model layer's import rules, checked on the source: models/ never imports
 * the layers above it (config/ reads models/, not the other way round), and its
 * modules form no import cycle (shared types live in contract.ts and types.ts,
 * not in the file that dispatches on them). Type-only imports count too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MODELS = join(ROOT, 'models');
/** Folders that use models/ and so must not be used by it. */
const ABOVE = ['config', 'cli', 'activities', 'workflows', 'worker', 'bench', 'test'];

/** Relative import targets of a file, as repo-relative .ts paths: `import`, `export ... from`, `import()`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)]
    .map((match) => match[1] ?? match[2] ?? match[3]!)
    .filter((specifier) => specifier.startsWith('.'));
  return specifiers.map((specifier) => relative(ROOT, resolve(dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

const graph = new Map(sourceFiles(MODELS).map((file) => [relative(ROOT, file), importsOf(file)]));

/** One cycle as a path `a → b → a`, or undefined. Depth-first, three colours. */
function findCycle(edges: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!edges.has(next)) continue; // outside models/
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('models/ layering', () => {
  it('reads the real import graph (the rules below are not vacuous)', () => {
    expect(graph.get('models/provider.ts')).toContain('models/providers/registry.ts');
    expect(graph.get('models/providers/openai.ts')).toContain('models/openai-chat.ts');
    expect(graph.get('models/anthropic-messages.ts')).toContain('models/contract.ts');
  });

  it('no module in models/ imports config/ or any other layer above it', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets.filter((target) => ABOVE.includes(target.split('/')[0]!)).map((target) => `${file} → ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('models/ has no import cycle', () => {
    expect(findCycle(graph)?.join(' → ')).toBeUndefined();
  });

  it('the cycle check finds a cycle when there is one', () => {
    const cyclic = new Map([...graph, ['models/contract.ts', [...(graph.get('models/contract.ts') ?? []), 'models/provider.ts']]]);
    expect(findCycle(cyclic)).toContain('models/contract.ts');
  });
});
