import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The folders tsc compiles: tsconfig.json's `include`, so a new top-level folder is covered without another list to update. */
export function sourceDirs(root: string): string[] {
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as { include: string[] };
  return tsconfig.include;
}

/** Every `.ts` file under `dir` (recursively), as absolute paths; none when it does not exist. */
export function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name));
}
