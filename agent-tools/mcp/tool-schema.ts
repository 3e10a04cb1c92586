/**
 * An MCP tool's input schema as a model vendor will take it. Vendors refuse a
 * tool whose parameters are not a JSON Schema object (OpenAI: "type: object"
 * at the top, no top-level anyOf/oneOf/allOf/enum/not), and one bad tool
 * fails every model call of the attempt. Such a tool is left out, with a note
 * naming its server and tool, rather than breaking the run.
 */

const TOP_LEVEL_REFUSED = ['anyOf', 'oneOf', 'allOf', 'enum', 'not'];
/** Past this a schema costs more prompt than it is worth, and some servers refuse the request. */
const MAX_SCHEMA_CHARS = 32_000;

export type VendorSchema = { ok: true; parameters: Record<string, unknown> } | { ok: false; problem: string };

export function vendorSchemaOf(inputSchema: unknown): VendorSchema {
  if (typeof inputSchema !== 'object' || inputSchema === null || Array.isArray(inputSchema)) {
    return { ok: false, problem: 'its input schema is not a JSON object' };
  }
  const { $schema: _dialect, ...schema } = inputSchema as Record<string, unknown>;
  if (schema.type !== undefined && schema.type !== 'object') return { ok: false, problem: `its input schema has type ${JSON.stringify(schema.type)}, and vendors take only "object"` };
  const refused = TOP_LEVEL_REFUSED.filter((key) => key in schema);
  if (refused.length > 0) return { ok: false, problem: `its input schema has ${refused.join(', ')} at the top level, which vendors refuse` };
  const size = JSON.stringify(schema).length;
  if (size > MAX_SCHEMA_CHARS) return { ok: false, problem: `its input schema is ${size} characters (at most ${MAX_SCHEMA_CHARS})` };
  // MCP allows `{}`-like schemas without properties; vendors want the object spelled out.
  return { ok: true, parameters: { ...schema, type: 'object', properties: schema.properties ?? {} } };
}
