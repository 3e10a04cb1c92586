/**
 * list_files: files under a directory of the workspace matching a glob, without
 * .git, node_modules and what .gitignore excludes. Symlinked directories are not
 * followed, so a link to / lists nothing outside.
 */
import path from 'node:path';
import { glob } from 'tinyglobby';
import { z } from 'zod';
import { withoutIgnored } from './git-files.js';
import { tool } from './define-tool.js';
import { fail, succeed } from './types.js';
import { isInside, resolveExisting } from './workspace.js';

export const MAX_LISTED_FILES = 1000;
export const ALWAYS_IGNORED = ['**/.git/**', '**/node_modules/**'];

/** A refusal for glob patterns that could reach outside the directory they are applied to. */
export function unsafePattern(pattern: string): string | undefined {
  if (path.isAbsolute(pattern) || pattern.startsWith('~')) return `Refused: the pattern ${pattern} is absolute; patterns are relative to path.`;
  // Also catches `{..,x}/*`: there is no legitimate need for `..` in a pattern.
  if (pattern.includes('..')) return `Refused: the pattern ${pattern} contains "..". Give a path inside the workspace instead.`;
  return undefined;
}

export const listFilesTool = tool({
  name: 'list_files',
  description: 'List files under a directory, matching a glob. Skips .git, node_modules and files ignored by .gitignore.',
  inputSchema: z.object({
    path: z.string().optional().describe('Directory relative to the workspace root. Default: the root.'),
    pattern: z.string().optional().describe('Glob relative to path, e.g. "**/*.ts" or "src/*.py". Default "**/*" (everything).'),
  }),
  describe: (args) => [args.path, args.pattern].filter(Boolean).join(' ') || '.',
  async execute(args, ctx) {
    const pattern = args.pattern?.trim() || '**/*';
    const refusal = unsafePattern(pattern);
    if (refusal) return fail(refusal);
    const dir = await resolveExisting(ctx.workspace, args.path?.trim() || '.', 'directory');
    if (!dir.ok) return fail(dir.message);

    const found = await glob(pattern, {
      cwd: dir.absolute,
      dot: true,
      onlyFiles: true,
      followSymbolicLinks: false,
      ignore: ALWAYS_IGNORED,
    });
    // Relative to the workspace root, so the model can pass them straight to read_file.
    const inside = found.map((entry) => path.resolve(dir.absolute, entry)).filter((abs) => isInside(dir.absolute, abs));
    const relative = inside.map((abs) => path.relative(dir.root, abs).split(path.sep).join('/'));
    const files = (await withoutIgnored(dir.root, relative)).sort();

    if (files.length === 0) {
      const hint = pattern.includes('/') ? '' : ` To match in subdirectories too, use "**/${pattern}".`;
      return succeed(`No files match ${pattern} in ${dir.relative}.${hint}`);
    }
    const shown = files.slice(0, MAX_LISTED_FILES);
    const more = files.length - shown.length;
    return succeed(shown.join('\n') + (more > 0 ? `\n(${more} more not shown; narrow path or pattern)` : ''));
  },
});
