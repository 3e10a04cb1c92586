/**
 * What the installed vendor SDKs say about model names, read from their shipped
 * sources so tests follow an SDK upgrade without a list of our own: the model
 * unions, Anthropic's DEPRECATED_MODELS, and the models its CHANGELOG says were
 * retired ("remove retired Claude Opus 4.1 models" → `claude-opus-4-1`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's node_modules (the SDKs do not export their package.json to resolve). */
const NODE_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));
const read = (name: string, path: string): string => readFileSync(`${NODE_MODULES}${name}/${path}`, 'utf8');

/** The quoted members of `export type NAME = | 'a' | 'b' | (string & {});` in `text`. */
export function unionMembers(text: string, typeName: string): string[] {
  const start = text.indexOf(`export type ${typeName} =`);
  if (start < 0) throw new Error(`export type ${typeName} not found`);
  return [...text.slice(start, text.indexOf(';', start)).matchAll(/\|\s*'([^']+)'/g)].map((match) => match[1]!);
}

export function anthropicModelUnion(): string[] {
  return unionMembers(read('@anthropic-ai/sdk', 'src/resources/messages/messages.ts'), 'Model');
}

export function openaiModelUnion(): string[] {
  const shared = read('openai', 'src/resources/shared.ts');
  return [...new Set([...unionMembers(shared, 'ChatModel'), ...unionMembers(shared, 'ResponsesModel')])];
}

/** Keys of DEPRECATED_MODELS in @anthropic-ai/sdk: model id → end-of-life date. */
export function anthropicDeprecated(): Record<string, string> {
  const text = read('@anthropic-ai/sdk', 'src/internal/data/deprecated-models.ts');
  const body = text.slice(text.indexOf('DEPRECATED_MODELS'));
  return Object.fromEntries([...body.matchAll(/'([^']+)':\s*'([^']+)'/g)].map((match) => [match[1]!, match[2]!]));
}

/** Model id prefixes named retired in @anthropic-ai/sdk's CHANGELOG: "remove retired Claude Opus 4.1 models". */
export function anthropicRetired(): string[] {
  const changelog = read('@anthropic-ai/sdk', 'CHANGELOG.md');
  return [...changelog.matchAll(/remove retired (Claude [A-Za-z]+ [\d.]+) models?/gi)].map((match) =>
    match[1]!.toLowerCase().replace(/\s+/g, '-').replace(/\./g, '-'),
  );
}
