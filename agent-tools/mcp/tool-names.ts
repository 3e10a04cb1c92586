/**
 * The names the model calls MCP tools by: `mcp__<server>__<tool>`, as Claude
 * Code names them, cut down to what every vendor accepts (Anthropic and OpenAI:
 * ^[A-Za-z0-9_-]{1,64}$). Two tools that end up with the same name get a
 * numbered suffix, so each name stays one tool.
 */

const MAX_NAME = 64;
export const MCP_TOOL_PREFIX = 'mcp__';

/** A vendor-safe name for `tool` of `server` that is not in `taken`. */
export function mcpToolName(server: string, tool: string, taken: ReadonlySet<string>): string {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');
  const base = `${MCP_TOOL_PREFIX}${clean(server)}__${clean(tool)}`.slice(0, MAX_NAME);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
