/**
 * Whether OpenAI's strict structured output can take a JSON Schema as it is:
 * every object lists all its properties as required and allows no others.
 * Strict mode guarantees a schema-valid reply, but rejects (400) a schema with
 * an optional field, so it is used only where it fits; zod validates either way.
 */
export function fitsStrictMode(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(fitsStrictMode);
  if (!schema || typeof schema !== 'object') return true;
  const node = schema as Record<string, unknown>;
  if (node.type === 'object' || node.properties !== undefined) {
    const properties = Object.keys((node.properties as Record<string, unknown> | undefined) ?? {});
    const required = new Set(Array.isArray(node.required) ? node.required : []);
    if (node.additionalProperties !== false || properties.some((name) => !required.has(name))) return false;
  }
  return Object.values(node).every(fitsStrictMode);
}
