/**
 * write_file: create or replace a whole file inside the workspace, creating parent
 * directories. For changes to an existing file, edit_file is cheaper and safer.
 */
import { lstat } from 'node:fs/promises';
import { z } from 'zod';
import { countLines, writeResolvedFile } from './file-io.js';
import { fail, succeed, type ToolHandler } from './types.js';
import { resolveWritable } from './workspace.js';

const schema = z.object({
  path: z.string(),
  content: z.string(),
});

export const writeFileTool: ToolHandler<typeof schema> = {
  name: 'write_file',
  schema,
  describe: (args) => args.path,
  async run(args, ctx) {
    const resolved = await resolveWritable(ctx.workspace, args.path);
    if (!resolved.ok) return fail(resolved.message);
    const existed = await lstat(resolved.absolute).then(
      () => true,
      () => false,
    );
    await writeResolvedFile(resolved.absolute, args.content);
    const size = `${countLines(args.content)} lines, ${Buffer.byteLength(args.content)} bytes`;
    return succeed(`${existed ? 'Replaced' : 'Created'} ${resolved.relative} (${size}).`);
  },
};
