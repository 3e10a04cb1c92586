/**
 * What a JSON Schema sent to a model may use. OpenAI strict mode and llama.cpp's
 * grammar compiler (json-schema-to-grammar) each support a subset; a schema outside
 * both is silently weakened by a small server (llama.cpp logs "unsupported escape in
 * character class: \w" and then accepts any string), so the model's reply goes
 * unchecked until zod rejects it.
 */

/** Regex escapes and constructs llama.cpp cannot compile: shorthand classes, lookarounds, backreferences. */
const UNPORTABLE_PATTERN_PARTS: readonly { test: RegExp; what: string }[] = [
  { test: /\\[wWdDsSbB]/, what: 'a shorthand class (\\w, \\d, \\s, \\b); spell it out, e.g. [A-Za-z0-9_]' },
  { test: /\(\?<?[=!]/, what: 'a lookaround' },
  { test: /\\[1-9]|\\k</, what: 'a backreference' },
];

/**
 * Every part of `schema` that a small server or OpenAI strict mode would not honour,
 * as `path: reason` lines; empty when the schema is portable.
 */
export function unportableSchemaParts(schema: unknown, path = '$'): string[] {
  if (Array.isArray(schema)) return schema.flatMap((item, i) => unportableSchemaParts(item, `${path}[${i}]`));
  if (typeof schema !== 'object' || schema === null) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    const at = `${path}.${key}`;
    // `properties` maps names to schemas: a property called "format" is fine.
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [name, sub] of Object.entries(value)) found.push(...unportableSchemaParts(sub, `${at}.${name}`));
      continue;
    }
    if (key === 'format') found.push(`${at}: "format" (${String(value)}) is not enforced by llama.cpp grammars`);
    if (key === 'pattern' && typeof value === 'string') {
      for (const part of UNPORTABLE_PATTERN_PARTS) if (part.test.test(value)) found.push(`${at}: ${value} uses ${part.what}`);
    }
    found.push(...unportableSchemaParts(value, at));
  }
  return found;
}
