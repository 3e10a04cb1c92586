/**
 * `tandem init --templates`: copies the built-in prompt templates into
 * `.tandem/templates/`, where loadTemplate picks them up instead of the
 * built-in ones. Files already there are the user's edits and are kept.
 */
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { constants } from 'node:fs';
import { packageRoot } from '../../prompts/templates.js';

export const TEMPLATE_OVERRIDE_DIR = join('.tandem', 'templates');

export interface CopyTemplatesResult {
  /** File names copied, e.g. `planner.md`. */
  copied: string[];
  /** File names left alone because the repository already has them. */
  skipped: string[];
}

export async function copyPromptTemplates(root: string): Promise<CopyTemplatesResult> {
  const source = join(packageRoot(), 'templates', 'prompts');
  const target = join(root, TEMPLATE_OVERRIDE_DIR);
  await mkdir(target, { recursive: true });
  const result: CopyTemplatesResult = { copied: [], skipped: [] };
  const names = (await readdir(source)).filter((name) => name.endsWith('.md')).sort();
  for (const name of names) {
    try {
      // COPYFILE_EXCL makes "skip existing" atomic: no check-then-write race with an editor.
      await copyFile(join(source, name), join(target, name), constants.COPYFILE_EXCL);
      result.copied.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      result.skipped.push(name);
    }
  }
  return result;
}
