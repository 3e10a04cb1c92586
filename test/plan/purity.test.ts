/**
 * plan/ is imported by Temporal workflow code, which must be deterministic and
 * cannot load Node built-ins. Guard that here, since the workflow bundler would
 * only fail much later (or, for clocks and randomness, not at all).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const dir = fileURLToPath(new URL('../../plan/', import.meta.url));
const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));
const ALLOWED = /^(zod|\.\/[\w-]+\.js|\.\.\/errors\/tandem-error\.js)$/;

describe('plan/ is pure', () => {
  test.each(files)('%s imports only zod, its siblings and TandemError', (name) => {
    const source = readFileSync(`${dir}${name}`, 'utf8');
    const imports = [...source.matchAll(/(?:from|import)\s+'([^']+)'/g)].map((m) => m[1]);
    expect(imports.filter((specifier) => !ALLOWED.test(specifier ?? ''))).toEqual([]);
    expect(source).not.toMatch(/\b(Date\.now|new Date\(|Math\.random|process\.|require\(|setTimeout)/);
  });
});
