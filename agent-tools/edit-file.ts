/**
 * edit_file: replace one exact, unique occurrence of `old_string`. Uniqueness is what
 * makes the edit safe: a model that quotes too little context would otherwise change
 * the wrong place. Failures say how many matches there were and what to do.
 */
import { z } from 'zod';
import { readTextFile, writeResolvedFile } from './file-io.js';
import { tool } from './define-tool.js';
import { tandemFileRefusal } from './tandem-files.js';
import { fail, succeed } from './types.js';
import { resolveExisting, resolveWritable } from './workspace.js';

/** Occurrences of `needle` in `haystack`, not overlapping, and the index of the first. */
function occurrences(haystack: string, needle: string): { count: number; first: number } {
  let count = 0;
  let first = -1;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    if (count === 0) first = at;
    count++;
  }
  return { count, first };
}

const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length;

export const editFileTool = tool({
  name: 'edit_file',
  description:
    'Replace one exact occurrence of old_string with new_string in a file. old_string must match the file exactly (whitespace and indentation included, no line numbers) and occur exactly once; include surrounding lines to make it unique.',
  inputSchema: z.object({
    path: z.string().describe('Path relative to the workspace root.'),
    old_string: z.string().describe('The exact text to replace; must occur exactly once.'),
    new_string: z.string().describe('The text to put in its place.'),
  }),
  // Run twice, the second run finds new_string where old_string was: a retry starts from the first run's worktree.
  mutates: true,
  restoreOnRetry: true,
  describe: (args) => args.path,
  writesOnly: (args) => args.path,
  async execute(args, ctx) {
    if (args.old_string === '') return fail('old_string is empty. To create a file use write_file; to edit, quote the exact text to replace.');
    if (args.old_string === args.new_string) return fail('old_string and new_string are identical; nothing to change.');
    // Writable first, so a path into .git is refused as such; then it must exist as a file.
    const writable = await resolveWritable(ctx.workspace, args.path);
    if (!writable.ok) return fail(writable.message);
    const refusal = await tandemFileRefusal(ctx.tandemFiles, writable);
    if (refusal) return fail(refusal);
    const existing = await resolveExisting(ctx.workspace, args.path, 'file');
    if (!existing.ok) return fail(existing.message);
    const file = await readTextFile(writable.absolute, args.path);
    if (!file.ok) return fail(file.message);

    let oldString = args.old_string;
    let newString = args.new_string;
    let found = occurrences(file.text, oldString);
    // read_file shows lines without their \r; match a CRLF file's text the way the model saw it.
    if (found.count === 0 && file.text.includes('\r\n') && !oldString.includes('\r')) {
      oldString = oldString.replace(/\n/g, '\r\n');
      newString = newString.replace(/\r?\n/g, '\r\n');
      found = occurrences(file.text, oldString);
    }
    if (found.count === 0) {
      return fail(
        `old_string was not found in ${writable.relative} (0 matches). It must match the file exactly, including ` +
          'whitespace and indentation; read the file again and copy the text.',
      );
    }
    if (found.count > 1) {
      return fail(
        `old_string occurs ${found.count} times in ${writable.relative}; it must be unique. ` +
          'Include more surrounding lines in old_string so that it matches exactly one place.',
      );
    }
    const updated = file.text.slice(0, found.first) + newString + file.text.slice(found.first + oldString.length);
    await writeResolvedFile(writable.absolute, updated);
    const startLine = lineOf(file.text, found.first);
    const newLines = newString.split('\n').length;
    return succeed(
      `Edited ${writable.relative}: replaced lines ${startLine}-${startLine + oldString.split('\n').length - 1} ` +
        `with ${newLines} line${newLines === 1 ? '' : 's'} (now lines ${startLine}-${startLine + newLines - 1}).`,
    );
  },
});
