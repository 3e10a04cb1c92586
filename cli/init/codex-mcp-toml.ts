/**
 * Reads the `[mcp_servers.<name>]` tables (and their `.env` / `.http_headers` /
 * `.env_http_headers` sub-tables) of a Codex `config.toml`, and nothing else.
 * No TOML parser is among our dependencies, and init needs only this: strings
 * (basic and literal), numbers, booleans, arrays (over several lines too) and
 * inline tables. A value it cannot read is skipped, never guessed.
 */

type TomlValue = string | number | boolean | TomlValue[] | { [key: string]: TomlValue };

const SUB_TABLES = new Set(['env', 'http_headers', 'env_http_headers']);

/** The servers by name, each as Codex wrote it (keys as in the file). */
export function codexMcpServers(text: string): Record<string, Record<string, TomlValue>> {
  const servers: Record<string, Record<string, TomlValue>> = {};
  let target: Record<string, TomlValue> | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i]!).trim();
    if (line === '') continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      target = tableFor(servers, splitKey(header[1]!));
      continue;
    }
    if (!target) continue;
    let statement = line;
    // A value over several lines (an array): read on until the brackets close.
    while (!balanced(statement) && i + 1 < lines.length) statement += ` ${stripComment(lines[++i]!).trim()}`;
    const eq = statement.indexOf('=');
    if (eq < 0) continue;
    const key = unquote(statement.slice(0, eq).trim());
    const value = parseValue(statement.slice(eq + 1).trim());
    // Anything left after the value (a date's time part, a typo) means it was not read whole.
    if (value !== undefined && value.rest.trim() === '') target[key] = value.value;
  }
  return servers;
}

/** The table a `[a.b.c]` header opens, when it is an MCP server or one of its sub-tables. */
function tableFor(servers: Record<string, Record<string, TomlValue>>, path: string[]): Record<string, TomlValue> | undefined {
  if (path[0] !== 'mcp_servers' || path.length < 2 || path.length > 3) return undefined;
  const server = (servers[path[1]!] ??= {});
  if (path.length === 2) return server;
  if (!SUB_TABLES.has(path[2]!)) return undefined;
  const sub = server[path[2]!];
  if (typeof sub === 'object' && sub !== null && !Array.isArray(sub)) return sub;
  const table: Record<string, TomlValue> = {};
  server[path[2]!] = table;
  return table;
}

function splitKey(key: string): string[] {
  return (key.match(/"[^"]*"|'[^']*'|[^.]+/g) ?? []).map((part) => unquote(part.trim()));
}

function unquote(key: string): string {
  return /^(".*"|'.*')$/.test(key) ? key.slice(1, -1) : key;
}

/** The line without a `#` comment (one outside a string). */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return line.slice(0, i);
  }
  return line;
}

function balanced(text: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
  }
  return depth <= 0;
}

type Parsed = { value: TomlValue; rest: string } | undefined;

function parseValue(text: string): Parsed {
  const s = text.trimStart();
  if (s.startsWith('"')) {
    const match = /^"((?:[^"\\]|\\.)*)"/.exec(s);
    return match ? { value: JSON.parse(`"${match[1]!}"`) as string, rest: s.slice(match[0].length) } : undefined;
  }
  if (s.startsWith("'")) {
    const end = s.indexOf("'", 1);
    return end > 0 ? { value: s.slice(1, end), rest: s.slice(end + 1) } : undefined;
  }
  if (s.startsWith('[')) return parseSequence(s.slice(1), ']', (items) => items);
  if (s.startsWith('{')) return parseSequence(s.slice(1), '}', undefined);
  const scalar = /^(true|false|[+-]?\d[\d_]*(?:\.\d+)?)/.exec(s);
  if (!scalar) return undefined;
  const word = scalar[1]!;
  return { value: word === 'true' ? true : word === 'false' ? false : Number(word.replace(/_/g, '')), rest: s.slice(word.length) };
}

/** An array (`toArray` given) or an inline table: comma-separated items up to `close`. */
function parseSequence(text: string, close: string, toArray: ((items: TomlValue[]) => TomlValue) | undefined): Parsed {
  const items: TomlValue[] = [];
  const table: Record<string, TomlValue> = {};
  let rest = text.trimStart();
  while (!rest.startsWith(close)) {
    if (rest === '') return undefined;
    if (toArray) {
      const item = parseValue(rest);
      if (!item) return undefined;
      items.push(item.value);
      rest = item.rest.trimStart();
    } else {
      const key = /^("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*=/.exec(rest);
      if (!key) return undefined;
      const item = parseValue(rest.slice(key[0].length));
      if (!item) return undefined;
      table[unquote(key[1]!)] = item.value;
      rest = item.rest.trimStart();
    }
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
  }
  return { value: toArray ? toArray(items) : table, rest: rest.slice(1) };
}
