/**
 * `${VAR}` (and `${VAR:-default}`, as Claude Code's .mcp.json allows) in an MCP
 * server's env values and headers, resolved in the worker when it connects, so
 * a token never travels through the run's settings or its history.
 */

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export type Expanded = { ok: true; values: Record<string, string> } | { ok: false; missing: string };

/** Every value of `values` with its references filled from `env`; the first unset variable without a default otherwise. */
export function expandEnvReferences(values: Record<string, string>, env: NodeJS.ProcessEnv): Expanded {
  const expanded: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    let missing: string | undefined;
    expanded[key] = value.replace(REFERENCE, (_match, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      missing ??= name;
      return '';
    });
    if (missing !== undefined) return { ok: false, missing };
  }
  return { ok: true, values: expanded };
}
