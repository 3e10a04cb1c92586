/**
 * write_file: create or replace a whole file inside the workspace, creating parent
 * directories. For changes to an existing file, edit_file is cheaper and safer.
 */
import { lstat } from 'node:fs/promises';
import { z } from 'zod';
import { countLines, writeResolvedFile } from './file-io.js';
import { tool } from './define-tool.js';
import { tandemFileRefusal } from './tandem-files.js';
import { fail, succeed } from './types.js';
import { resolveWritable } from './workspace.js';

export const writeFileTool = tool({
  name: 'write_file',
  description: 'Create a file, or replace a whole file, with the given content. Parent directories are created. Prefer edit_file to change part of an existing file.',
  inputSchema: z.object({
    path: z.string().describe('Path relative to the workspace root.'),
    content: z.string().describe('The complete new content of the file.'),
  }),
  // Replaces its file whole and atomically: a retry after a crash just writes it again.
  mutates: true,
  describe: (args) => args.path,
  writesOnly: (args) => args.path,
  async execute(args, ctx) {
    const resolved = await resolveWritable(ctx.workspace, args.path);
    if (!resolved.ok) return fail(resolved.message);
    const refusal = await tandemFileRefusal(ctx.tandemFiles, resolved);
    if (refusal) return fail(refusal);
    const existed = await lstat(resolved.absolute).then(
      () => true,
      () => false,
    );
    await writeResolvedFile(resolved.absolute, args.content);
    const size = `${countLines(args.content)} lines, ${Buffer.byteLength(args.content)} bytes`;
    return succeed(`${existed ? 'Replaced' : 'Created'} ${resolved.relative} (${size}).`);
  },
});
