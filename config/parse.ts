/**
 * Parses and validates the text of `tandem.yaml`, pointing every problem at a
 * line: `tandem.yaml:7: run.maxAttempts: Invalid input: expected number, received string`.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { TandemError } from '../errors/tandem-error.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import { tandemConfigSchema, TOP_LEVEL_KEYS, type TandemConfig } from './schema.js';

export interface ParsedConfig {
  config: TandemConfig;
  /** The settings as written, before defaults: what layering merges and the trust check reads. */
  raw: Record<string, unknown>;
  /** Labels a key path as `<file>:<line>: <path>`, for errors found after validation. */
  locate: (path: KeyPath) => string;
}

/**
 * Validates `text` (the content of the file shown as `file` in messages).
 * Empty or comment-only text yields the defaults. Throws TandemError
 * CONFIG_INVALID with context { file, line, key } for the first problem, and
 * every problem listed in the message.
 */
export function parseConfig(text: string, file: string): ParsedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (path: KeyPath): number => lineOf(doc, lineCounter, path);
  const locate = (path: KeyPath): string => `${file}:${lineAt(path)}: ${formatKeyPath(path)}`;

  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    // An error at end of input (an unclosed bracket) is reported on the last written line.
    const lastLine = Math.max(1, text.trimEnd().split('\n').length);
    const line = Math.min(lineCounter.linePos(syntax.pos[0]).line, lastLine);
    throw invalid([`${file}:${line}: YAML syntax error: ${syntax.message}`], { file, line }, syntax);
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalid([`${file}:1: expected a mapping of settings (key: value) at the top level`], { file, line: 1 });
  }

  const result = tandemConfigSchema.safeParse(raw);
  if (result.success) return { config: result.data, raw: raw as Record<string, unknown>, locate };
  const problems = result.error.issues.flatMap(describeIssue);
  const lines = problems.map(({ path, message }) => `${locate(path)}: ${message}`);
  const first = problems[0];
  throw invalid(lines, first && { file, line: lineAt(first.path), key: formatKeyPath(first.path) }, result.error);
}

/** One entry per offending key; an unknown-keys issue names each key on its own line. */
function describeIssue(issue: z.core.$ZodIssue): Array<{ path: KeyPath; message: string }> {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const known = path.length === 0 ? ` (known keys: ${TOP_LEVEL_KEYS.join(', ')})` : '';
    return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key${known}` }));
  }
  if (issue.code === 'invalid_key') return [{ path, message: issue.issues[0]?.message ?? issue.message }];
  return [{ path, message: issue.message }];
}

/**
 * The line of the deepest node along `path` that exists in the document: the
 * key's own line for a bad value, the parent's line for a missing key.
 */
function lineOf(doc: Document, lineCounter: LineCounter, path: KeyPath): number {
  const lineAtOffset = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  let node: unknown = doc.contents;
  let line = lineAtOffset(doc.contents?.range?.[0]);
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String(isScalar(item.key) ? item.key.value : item.key) === String(part));
      if (pair === undefined) break;
      line = lineAtOffset(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item: unknown = node.items[part];
      if (item === undefined) break;
      if (isScalar(item) || isMap(item) || isSeq(item)) line = lineAtOffset(item.range?.[0]);
      node = item;
    } else {
      break;
    }
  }
  return line;
}

function invalid(lines: string[], context: TandemError['context'] | undefined, cause?: unknown): TandemError {
  return new TandemError(lines.join('\n'), {
    code: 'CONFIG_INVALID',
    hint: 'Fix the setting at the line shown; every key is described in the commented tandem.yaml that `tandem init` writes.',
    ...(context === undefined ? {} : { context }),
    cause,
  });
}
