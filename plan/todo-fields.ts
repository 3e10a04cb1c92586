/**
 * Turns the raw field bullets under a task line into typed task properties.
 * Field names are matched case-insensitively, ignoring spaces, `_` and `-`,
 * with a few synonyms people write by hand.
 */
import { isRequirementId } from './requirement-id.js';
import { isTaskId } from './task-id.js';
import { invalidAt } from './todo-errors.js';
import { fromCodeSpan, indentOf, isBlank, oneLine, textBlock, trimWs } from './todo-text.js';
import type { TodoField } from './todo-types.js';

/** A field bullet as read from the file, before interpretation. */
export interface RawField {
  /** The name as written. */
  name: string;
  /** Text after `Name:` on the bullet line, trimmed. */
  inline: string;
  /** Following lines indented deeper than the bullet, verbatim; blank lines inside are ''. */
  lines: string[];
  /** Column of the bullet character, and of the name (where continuation text is aligned). */
  indent: number;
  contentColumn: number;
  /** 0-based line indexes of the bullet and of the last continuation line. */
  start: number;
  end: number;
}

export type KnownField = 'reason' | 'details' | 'acceptance' | 'verify' | 'dependsOn' | 'files' | 'requirements';

const KNOWN: Record<string, KnownField> = {
  reason: 'reason',
  details: 'details',
  acceptance: 'acceptance',
  acceptancecriteria: 'acceptance',
  verify: 'verify',
  dependson: 'dependsOn',
  depends: 'dependsOn',
  dependencies: 'dependsOn',
  deps: 'dependsOn',
  files: 'files',
  requirements: 'requirements',
  requirement: 'requirements',
  reqs: 'requirements',
};

export function knownField(name: string): KnownField | undefined {
  return KNOWN[name.toLowerCase().replace(/[ _-]/g, '')];
}

const LIST_ITEM = /^(?:[-*+]|\d+[.)])(?:[ \t]+(.*))?$/;

/** Free text: the inline part, then continuation lines dedented to the name's column (or less). */
export function textValue(field: RawField): string {
  const widths = field.lines.filter((line) => !isBlank(line)).map(indentOf);
  const strip = Math.min(field.contentColumn, ...widths);
  return textBlock([field.inline, ...field.lines.map((line) => (isBlank(line) ? '' : line.slice(strip)))].join('\n'));
}

/** One line: inline part and continuation lines joined with spaces. */
export function lineValue(field: RawField): string {
  return oneLine([field.inline, ...field.lines].join('\n'));
}

/** Acceptance: sub-bullets (or numbered items) are items; other lines continue the previous item. */
export function listValue(field: RawField): string[] {
  const items = field.inline !== '' && field.inline.toLowerCase() !== 'none' ? [field.inline] : [];
  for (const line of field.lines) {
    if (isBlank(line)) continue;
    const text = trimWs(line);
    const item = LIST_ITEM.exec(text);
    if (item) items.push(trimWs(item[1] ?? ''));
    else if (items.length > 0) items[items.length - 1] = `${items[items.length - 1]} ${text}`;
    else items.push(text);
  }
  return items.map(oneLine).filter((item) => item !== '');
}

/** `T1, T2`, `T1 T2`, a sub-list of ids, or `none`. */
export function idsValue(field: RawField, file: string): string[] {
  return checkedIds(field, file, isTaskId, 'task ids like "T1, T2"');
}

/** Requirement ids of the design, written like `Depends on:` ids: `R1, REQ-3`, a sub-list, or `none`. */
export function requirementIdsValue(field: RawField, file: string): string[] {
  return checkedIds(field, file, isRequirementId, 'requirement ids like "R1, REQ-3"');
}

function checkedIds(field: RawField, file: string, valid: (id: string) => boolean, expected: string): string[] {
  const tokens = lineValue(field)
    .split(/[,\s]+/)
    .map((token) => token.replace(/^`|`$/g, ''))
    .filter((token) => token !== '' && !['-', '*', '+'].includes(token));
  if (tokens.length === 1 && tokens[0]?.toLowerCase() === 'none') return [];
  const bad = tokens.find((token) => !valid(token));
  if (bad !== undefined) {
    throw invalidAt(file, field.start + 1, `expected ${expected} or "none" after "${field.name}:", got "${bad}"`);
  }
  return tokens;
}

/** `a.ts, b.ts` or a sub-list of paths; `none` is the empty list. Paths cannot contain commas. */
export function pathsValue(field: RawField): string[] {
  const parts = [field.inline, ...field.lines.map((line) => trimWs(line).replace(/^[-*+][ \t]+/, ''))];
  const paths = parts
    .flatMap((part) => part.split(','))
    .map((path) => trimWs(path).replace(/^`(.*)`$/, '$1'))
    .filter((path) => path !== '');
  return paths.length === 1 && paths[0]?.toLowerCase() === 'none' ? [] : paths;
}

export function verifyValue(field: RawField): string | undefined {
  const command = oneLine(fromCodeSpan(lineValue(field)));
  return command === '' ? undefined : command;
}

export function unknownField(field: RawField): TodoField {
  return { name: field.name, value: textValue(field) };
}
