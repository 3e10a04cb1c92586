/**
 * read_file: numbered lines of a text file, a window at a time, so the model can
 * quote exact text back in edit_file and page through large files.
 */
import { z } from 'zod';
import { readTextFile } from './file-io.js';
import { tool } from './define-tool.js';
import { fail, succeed } from './types.js';
import { resolveExisting } from './workspace.js';

export const DEFAULT_READ_LIMIT = 2000;
const MAX_LINE_CHARS = 2000;

export const readFileTool = tool({
  name: 'read_file',
  description:
    'Read a text file of the workspace. Lines are shown numbered ("12\\tcode"); the numbers and the tab are not part of the file. Large files are shown in windows: pass offset to read on.',
  inputSchema: z.object({
    path: z.string().describe('Path relative to the workspace root.'),
    // 0 is taken as 1: models often count from zero.
    offset: z.number().int().min(0).optional().describe('First line to show, counting from 1. Default 1.'),
    limit: z.number().int().min(1).optional().describe('How many lines to show. Default 2000.'),
  }),
  describe: (args) => args.path,
  async execute(args, ctx) {
    const resolved = await resolveExisting(ctx.workspace, args.path, 'file');
    if (!resolved.ok) return fail(resolved.message);
    const file = await readTextFile(resolved.absolute, args.path);
    if (!file.ok) return fail(file.message);
    if (file.text === '') return succeed(`${resolved.relative} is empty.`);

    const lines = file.text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const first = Math.max(args.offset ?? 1, 1);
    if (first > lines.length) {
      return fail(`offset ${first} is past the end of ${resolved.relative}, which has ${lines.length} lines.`);
    }
    const last = Math.min(lines.length, first - 1 + (args.limit ?? DEFAULT_READ_LIMIT));

    // Stop before the byte cap rather than cutting a line in half, and say where to go on.
    const budget = ctx.maxOutputBytes - 200;
    // Numbers padded only to the widest one shown, not `cat -n`'s six columns: every file read
    // is resent on each later step, and the padding cost a token or two a line for nothing.
    const width = String(last).length;
    const shown: string[] = [];
    let used = 0;
    let lineNo = first;
    for (; lineNo <= last; lineNo++) {
      let line = (lines[lineNo - 1] ?? '').replace(/\r$/, '');
      if (line.length > MAX_LINE_CHARS) line = `${line.slice(0, MAX_LINE_CHARS)}… [line truncated]`;
      const numbered = `${String(lineNo).padStart(width)}\t${line}`;
      const size = Buffer.byteLength(numbered) + 1;
      if (used + size > budget && shown.length > 0) break;
      shown.push(numbered);
      used += size;
    }
    const lastShown = lineNo - 1;
    const footer =
      lastShown < lines.length
        ? `\n(lines ${first}-${lastShown} of ${lines.length}; read on with offset=${lastShown + 1})`
        : first > 1
          ? `\n(lines ${first}-${lastShown} of ${lines.length})`
          : '';
    return succeed(shown.join('\n') + footer);
  },
});
