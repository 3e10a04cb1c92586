/**
 * The tools as the implementer model sees them. Names and argument names are a
 * contract (prompts, journals and fake model scripts use them); the zod schema next
 * to each handler must accept exactly these arguments (a test checks).
 */
import type { ToolSpec } from '../models/types.js';

const object = (properties: Record<string, unknown>, required: string[]): Record<string, unknown> => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

const str = (description: string) => ({ type: 'string', description });
const int = (description: string, minimum: number) => ({ type: 'integer', minimum, description });

export const TOOL_SPECS: ToolSpec[] = [
  {
    name: 'read_file',
    description:
      'Read a text file of the workspace. Lines are shown numbered ("   12\\tcode"); the numbers and the tab are not part of the file. Large files are shown in windows: pass offset to read on.',
    parameters: object(
      {
        path: str('Path relative to the workspace root.'),
        offset: int('First line to show, counting from 1. Default 1.', 0),
        limit: int('How many lines to show. Default 2000.', 1),
      },
      ['path'],
    ),
  },
  {
    name: 'write_file',
    description: 'Create a file, or replace a whole file, with the given content. Parent directories are created. Prefer edit_file to change part of an existing file.',
    parameters: object({ path: str('Path relative to the workspace root.'), content: str('The complete new content of the file.') }, ['path', 'content']),
  },
  {
    name: 'edit_file',
    description:
      'Replace one exact occurrence of old_string with new_string in a file. old_string must match the file exactly (whitespace and indentation included, no line numbers) and occur exactly once; include surrounding lines to make it unique.',
    parameters: object(
      {
        path: str('Path relative to the workspace root.'),
        old_string: str('The exact text to replace; must occur exactly once.'),
        new_string: str('The text to put in its place.'),
      },
      ['path', 'old_string', 'new_string'],
    ),
  },
  {
    name: 'list_files',
    description: 'List files under a directory, matching a glob. Skips .git, node_modules and files ignored by .gitignore.',
    parameters: object(
      {
        path: str('Directory relative to the workspace root. Default: the root.'),
        pattern: str('Glob relative to path, e.g. "**/*.ts" or "src/*.py". Default "**/*" (everything).'),
      },
      [],
    ),
  },
  {
    name: 'search',
    description: 'Search text files for a regular expression (Perl/JavaScript syntax). Answers "file:line: text" lines. Skips .git, node_modules, ignored and binary files.',
    parameters: object(
      {
        pattern: str('Regular expression, e.g. "function slugify" or "TODO\\\\(.*\\\\)".'),
        path: str('File or directory to search, relative to the workspace root. Default: the root.'),
      },
      ['pattern'],
    ),
  },
  {
    name: 'run_command',
    description:
      'Run a bash command in the workspace root, e.g. the tests. It usually runs in a sandbox: no network, only the workspace writable (.git excepted), a private /tmp. The result gives the exit code and the tail of stdout and stderr.',
    parameters: object(
      {
        command: str('The command line, run with bash -c.'),
        timeout_seconds: { type: 'number', exclusiveMinimum: 0, description: 'Time limit; the command and its children are killed after it.' },
      },
      ['command'],
    ),
  },
  {
    name: 'finish',
    description: 'Declare the task done, once the change is complete and the tests pass. Tests and a review follow.',
    parameters: object({ summary: str('What you changed and why, in a few sentences, for the reviewer.') }, ['summary']),
  },
];
