/**
 * The source tree's import graph, read from the files themselves, for the
 * architecture tests: which module imports which, and whether only as a type.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ImportEdge {
  /** Importing file, relative to the repository root (`cli/session.ts`). */
  from: string;
  /** Imported file for a relative import (`worker/create-worker.ts`), else the package or `node:` specifier. */
  to: string;
  relative: boolean;
  typeOnly: boolean;
}

/** Every `.ts` file under the given top-level folders, relative to the root. */
export function sourceFiles(folders: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  for (const folder of folders) walk(folder);
  return files.sort();
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'|import\('([^']+)'\)/g;

export function importsOf(file: string): ImportEdge[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const edges: ImportEdge[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const specifier = match[2] ?? match[3];
    if (specifier === undefined) continue;
    const typeOnly = match[1] !== undefined || isTypeOnlyClause(match[0]);
    if (specifier.startsWith('.')) {
      const to = relative(ROOT, normalize(join(ROOT, dirname(file), specifier))).replace(/\.js$/, '.ts');
      edges.push({ from: file, to, relative: true, typeOnly });
    } else {
      edges.push({ from: file, to: specifier, relative: false, typeOnly });
    }
  }
  return edges;
}

/** `import { type A, type B } from` imports types only, as `import type { A, B }` does. */
function isTypeOnlyClause(statement: string): boolean {
  const names = /\{([^}]*)\}\s+from/.exec(statement)?.[1];
  if (names === undefined || /import\s+\w+\s*,/.test(statement) || /\*\s+as/.test(statement)) return false;
  const parts = names.split(',').map((part) => part.trim()).filter((part) => part !== '');
  return parts.length > 0 && parts.every((part) => part.startsWith('type '));
}

export function topFolder(file: string): string {
  return file.split('/')[0] ?? file;
}

/** Strongly connected groups of more than one file (Tarjan): each is an import cycle. */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) if (edge.relative) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return cycles;
}
