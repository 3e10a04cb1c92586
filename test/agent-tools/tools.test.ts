/**
 * The tool contract models, prompts, journals and fake model scripts rely on:
 * the JSON Schemas derived from the zod definitions must be what models were
 * sent when the schemas were written by hand (kept here, verbatim but for the
 * `minLength: 1` the zod schemas always demanded).
 */
import { describe, expect, it } from 'vitest';
import { findTool, TOOL_SPECS, TOOLS } from '../../agent-tools/tools.js';

const object = (properties: Record<string, unknown>, required: string[]) => ({ type: 'object', properties, required, additionalProperties: false });
const str = (description: string, extra: Record<string, unknown> = {}) => ({ type: 'string', description, ...extra });
const int = (description: string, minimum: number) => ({ type: 'integer', minimum, description });
const PATH = str('Path relative to the workspace root.');

const CONTRACT = {
  read_file: object(
    { path: PATH, offset: int('First line to show, counting from 1. Default 1.', 0), limit: int('How many lines to show. Default 2000.', 1) },
    ['path'],
  ),
  write_file: object({ path: PATH, content: str('The complete new content of the file.') }, ['path', 'content']),
  edit_file: object(
    {
      path: PATH,
      old_string: str('The exact text to replace; must occur exactly once.'),
      new_string: str('The text to put in its place.'),
    },
    ['path', 'old_string', 'new_string'],
  ),
  list_files: object(
    {
      path: str('Directory relative to the workspace root. Default: the root.'),
      pattern: str('Glob relative to path, e.g. "**/*.ts" or "src/*.py". Default "**/*" (everything).'),
    },
    [],
  ),
  search: object(
    {
      pattern: str('Regular expression, e.g. "function slugify" or "TODO\\\\(.*\\\\)".', { minLength: 1 }),
      path: str('File or directory to search, relative to the workspace root. Default: the root.'),
    },
    ['pattern'],
  ),
  run_command: object(
    {
      command: str('The command line, run with bash -c.', { minLength: 1 }),
      timeout_seconds: { type: 'number', exclusiveMinimum: 0, description: 'Time limit; the command and its children are killed after it.' },
    },
    ['command'],
  ),
  finish: object({ summary: str('What you changed and why, in a few sentences, for the reviewer.', { minLength: 1 }) }, ['summary']),
};

describe('the implementer tools', () => {
  it('are offered by name, in order', () => {
    expect(TOOL_SPECS.map((spec) => spec.name)).toEqual(Object.keys(CONTRACT));
  });

  it.each(TOOL_SPECS.map((spec) => [spec.name, spec] as const))('%s: the derived JSON schema is the contract', (name, spec) => {
    expect(spec.parameters).toEqual(CONTRACT[name as keyof typeof CONTRACT]);
    // Key order matters to nobody, but extra keys (a `$schema`, a safe-integer maximum) would reach every request.
    expect(JSON.stringify(spec.parameters)).not.toMatch(/\$schema|9007199254740991/);
    expect(spec.description.length).toBeGreaterThan(20);
  });

  it('the zod schema accepts what the JSON schema promises and rejects what it forbids', () => {
    const read = findTool('read_file')!.inputSchema;
    expect(read.safeParse({ path: 'a.ts', offset: 0, limit: 1 }).success).toBe(true);
    expect(read.safeParse({ offset: 1 }).success).toBe(false);
    expect(read.safeParse({ path: 'a.ts', offset: 1.5 }).success).toBe(false);
    expect(findTool('run_command')!.inputSchema.safeParse({ command: 'ls', timeout_seconds: 0 }).success).toBe(false);
  });

  it('carry the flags the activities decide by', () => {
    const flags = Object.fromEntries(
      TOOLS.map((t) => [t.name, [t.mutates && 'mutates', t.restoreOnRetry && 'restoreOnRetry', t.longRunning && 'longRunning', t.endsLoop && 'endsLoop'].filter(Boolean)]),
    );
    expect(flags).toEqual({
      read_file: [],
      write_file: ['mutates'],
      edit_file: ['mutates', 'restoreOnRetry'],
      list_files: [],
      search: [],
      run_command: ['mutates', 'restoreOnRetry', 'longRunning'],
      finish: ['endsLoop'],
    });
  });
});
