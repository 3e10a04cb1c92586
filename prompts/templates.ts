/**
 * Prompt templates: built-in ones ship in `templates/prompts/`; a repository
 * overrides any of them with a file of the same name in `.tandem/templates/`.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfinedText } from '../exec/confined-read.js';

export type TemplateName =
  | 'planner'
  | 'planner-task'
  | 'planner-update-task'
  | 'plan-reviewer'
  | 'plan-reviewer-task'
  | 'implementer'
  | 'implementer-task'
  | 'reviewer'
  | 'reviewer-task'
  | 'converge-reviewer'
  | 'converge-task'
  | 'agent-implementer'
  | 'agent-reviewer';

const builtInDir = join(packageRoot(), 'templates', 'prompts');

export async function loadTemplate(name: TemplateName, repo: string): Promise<string> {
  // The repository's copy is workspace content an agent could have made a link or a FIFO.
  const relPath = `.tandem/templates/${name}.md`;
  const override = await readConfinedText(repo, relPath, `the prompt template ${relPath}`);
  return override ?? readFile(join(builtInDir, `${name}.md`), 'utf8');
}

/** Replaces `{{key}}` with its value; a key without a value becomes empty, so optional sections vanish. */
export function fillTemplate(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
}

/** A file template of `tandem init` (templates/init/), filled with `values`. */
export async function renderInitTemplate(file: string, values: Record<string, string | undefined>): Promise<string> {
  return fillTemplate(await readFile(join(packageRoot(), 'templates', 'init', file), 'utf8'), values);
}

/** The Tandem package root, whether running from source or from `dist/`. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'templates'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Tandem package root (templates/ is missing)');
    dir = parent;
  }
  return dir;
}
