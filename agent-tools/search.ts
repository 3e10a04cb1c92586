/**
 * search: a regular expression over the workspace's text files, answering
 * `file:line: text`. In a git work tree it is `git grep` (fast, honours .gitignore,
 * includes untracked files, never follows symlinks); elsewhere, or when git lacks
 * PCRE, a JavaScript scan with the same rules.
 */
import { execa } from 'execa';
import { z } from 'zod';
import { GIT_SAFE_ARGS, gitToolEnv, isGitWorkTree } from './git-files.js';
import { tool } from './define-tool.js';
import { searchWithJs } from './search-js.js';
import type { Match } from './search-match.js';
import { fail, succeed } from './types.js';
import { resolveExisting } from './workspace.js';

export const MAX_SEARCH_MATCHES = 200;
export const MAX_MATCH_LINE_CHARS = 300;

export const searchTool = tool({
  name: 'search',
  description: 'Search text files for a regular expression (Perl/JavaScript syntax). Answers "file:line: text" lines. Skips .git, node_modules, ignored and binary files.',
  inputSchema: z.object({
    pattern: z.string().min(1).describe('Regular expression, e.g. "function slugify" or "TODO\\\\(.*\\\\)".'),
    path: z.string().optional().describe('File or directory to search, relative to the workspace root. Default: the root.'),
  }),
  describe: (args) => (args.path ? `${args.pattern} in ${args.path}` : args.pattern),
  async execute(args, ctx) {
    let regex: RegExp;
    try {
      regex = new RegExp(args.pattern);
    } catch (error) {
      return fail(`Invalid regular expression ${args.pattern}: ${(error as Error).message}. Escape special characters such as ( [ { . * + ? with a backslash.`);
    }
    const target = await resolveExisting(ctx.workspace, args.path?.trim() || '.', 'any');
    if (!target.ok) return fail(target.message);

    const matches = (await searchWithGit(target.root, target.relative, args.pattern)) ??
      (await searchWithJs(target.root, target.absolute, regex, MAX_SEARCH_MATCHES + 1));
    if (matches.length === 0) return succeed(`No matches for ${args.pattern} in ${target.relative}.`);
    const shown = matches.slice(0, MAX_SEARCH_MATCHES).map(({ file, line, text }) => {
      const trimmed = text.length > MAX_MATCH_LINE_CHARS ? `${text.slice(0, MAX_MATCH_LINE_CHARS)}…` : text;
      return `${file}:${line}: ${trimmed}`;
    });
    const more = matches.length > MAX_SEARCH_MATCHES ? `\n(more matches not shown; narrow the pattern or path)` : '';
    return succeed(shown.join('\n') + more);
  },
});

/** Matches from git grep, or undefined when git cannot answer (not a work tree, no PCRE). */
async function searchWithGit(root: string, relative: string, pattern: string): Promise<Match[] | undefined> {
  if (!(await isGitWorkTree(root))) return undefined;
  const result = await execa(
    'git',
    [...GIT_SAFE_ARGS, 'grep', '-n', '-I', '-z', '--no-color', '--untracked', '-P', '-e', pattern, '--', relative],
    { cwd: root, env: gitToolEnv(), extendEnv: false, reject: false, maxBuffer: 4 * 1024 * 1024, stripFinalNewline: false },
  );
  if (result.exitCode === 1) return [];
  // A killed git (maxBuffer) still gives a usable prefix; an error code means we fall back.
  if (result.exitCode !== 0 && !result.isMaxBuffer) return undefined;
  const matches: Match[] = [];
  // With -z: file NUL line NUL text NEWLINE, so names with colons parse unambiguously.
  for (const record of String(result.stdout).split('\n')) {
    const [file, line, ...text] = record.split('\0');
    if (file === undefined || line === undefined || text.length === 0) continue;
    // Untracked dependencies that nobody listed in .gitignore.
    if (file.split('/').includes('node_modules')) continue;
    matches.push({ file, line: Number(line), text: text.join('\0') });
    if (matches.length > MAX_SEARCH_MATCHES) break;
  }
  return matches;
}
