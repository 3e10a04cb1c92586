/**
 * Fails when Tandem proposes or documents a model its pinned SDKs call deprecated
 * or retired: the defaults per vendor and what `tandem init` writes (which must
 * also be in the SDKs' model lists), and every model named in README.md, docs/,
 * templates/ and the CLI's help. The lists come from
 * the installed SDKs (test/support/sdk-models.ts), so an SDK upgrade that deprecates
 * a default turns this red without anyone editing a list here.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { proposeModels } from '../../cli/init/propose-models.js';
import { keyedVendors } from '../../models/providers/registry.js';
import { anthropicDeprecated, anthropicModelUnion, anthropicRetired, openaiModelUnion } from '../support/sdk-models.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SNAPSHOT = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;

const anthropicKnown = new Set(anthropicModelUnion());
const openaiKnown = new Set(openaiModelUnion());
const deprecated = anthropicDeprecated();
const retired = anthropicRetired();

/**
 * Why `spec` must not be proposed or documented, or undefined when it is current.
 * `listed`: also require it in the SDK's model list (for what Tandem proposes; docs
 * may name an unknown model on purpose, to show the 404 or the price warning).
 */
function staleness(spec: string, listed = true): string | undefined {
  const provider = spec.slice(0, spec.indexOf(':'));
  const model = spec.slice(spec.indexOf(':') + 1);
  const base = model.replace(SNAPSHOT, '');
  if (provider === 'anthropic') {
    const gone = retired.find((prefix) => model === prefix || model.startsWith(`${prefix}-`));
    if (gone) return `${spec} is retired (the SDK's CHANGELOG removed ${gone})`;
    const eol = deprecated[model] ?? deprecated[base];
    if (eol) return `${spec} is deprecated (end of life ${eol})`;
    if (listed && !anthropicKnown.has(model) && !anthropicKnown.has(base)) return `${spec} is not in @anthropic-ai/sdk's Model list (retired, or never existed)`;
  }
  if (listed && provider === 'openai' && !openaiKnown.has(model) && !openaiKnown.has(base)) return `${spec} is not in openai's ChatModel/ResponsesModel lists`;
  return undefined;
}

/** `openai:x` and `anthropic:x` specs, and bare `claude-…` ids, named in `text`. */
function modelsNamedIn(text: string): string[] {
  const specs = [...text.matchAll(/\b(openai|anthropic):([A-Za-z0-9][\w.-]*[A-Za-z0-9])/g)].map((m) => `${m[1]}:${m[2]}`);
  const bare = [...text.matchAll(/(?<![:\w-])(claude-[a-z]+-[\w-]*[a-z0-9])/g)].map((m) => `anthropic:${m[1]}`);
  return [...new Set([...specs, ...bare])];
}

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' }).filter(keep).map((name) => join(dir, name));
}

function staleIn(files: string[]): string[] {
  return files.flatMap((file) => modelsNamedIn(readFileSync(join(ROOT, file), 'utf8')).flatMap((spec) => {
    const why = staleness(spec, false);
    return why ? [`${file}: ${why}`] : [];
  }));
}

describe('the SDK facts this test relies on', () => {
  it('are found in the installed SDKs', () => {
    expect(anthropicKnown.size).toBeGreaterThan(5);
    expect(openaiKnown.size).toBeGreaterThan(5);
    expect(Object.keys(deprecated).length).toBeGreaterThan(0);
    expect(retired).toContain('claude-opus-4-1');
    // The checker itself: the old defaults are caught, the new ones pass.
    expect(staleness('anthropic:claude-opus-4-1')).toMatch(/retired/);
    expect(staleness('anthropic:claude-sonnet-4-5-20250929')).toMatch(/deprecated/);
    expect(staleness('anthropic:claude-3-5-sonnet')).toMatch(/not in/);
    expect(modelsNamedIn('use `anthropic:claude-x-1` or claude-y-2, not ollama:qwen')).toEqual(['anthropic:claude-x-1', 'anthropic:claude-y-2']);
  });
});

describe('models Tandem proposes', () => {
  it('defaults per vendor and role are current', () => {
    const specs = keyedVendors().flatMap((vendor) => [vendor.defaultRoles.planner, vendor.defaultRoles.implementer, ...vendor.defaultRoles.reviewers]);
    expect(specs.length).toBeGreaterThan(0);
    expect(specs.flatMap((spec) => staleness(spec) ?? [])).toEqual([]);
  });

  it('tandem init proposes current models for every combination of keys', () => {
    const envs = [{ OPENAI_API_KEY: 'k' }, { ANTHROPIC_API_KEY: 'k' }, { OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k' }];
    const specs = envs.flatMap((env) => {
      const proposal = proposeModels(env);
      return proposal.kind === 'keys' ? [proposal.planner, proposal.implementer, proposal.reviewer] : [];
    });
    expect(specs).toHaveLength(9);
    expect(specs.flatMap((spec) => staleness(spec) ?? [])).toEqual([]);
  });
});

describe('models the documentation names', () => {
  it('docs/, templates/ and the CLI help name only current models', () => {
    const files = [
      ...filesUnder('docs', (name) => name.endsWith('.md')),
      ...filesUnder('templates', (name) => /\.(md|tmpl|ya?ml)$/.test(name)),
      ...filesUnder('cli', (name) => name.endsWith('.ts')),
    ];
    expect(files.length).toBeGreaterThan(5);
    expect(staleIn(files)).toEqual([]);
  });

  it('README.md names only current models', () => {
    expect(staleIn(['README.md'])).toEqual([]);
  });
});
