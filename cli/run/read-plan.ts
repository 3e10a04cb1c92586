/**
 * The text of the plan `tandem run` was given, checked before anything starts:
 * a file (not a directory), UTF-8 (not Latin-1 turned into U+FFFD), and small
 * enough for a run to carry.
 */
import { readFile } from 'node:fs/promises';
import { utf8TextOf } from '../../exec/utf8-text.js';
import { TandemError } from '../../errors/tandem-error.js';
import { looksBinary } from '../../plan/todo-sniff.js';
import { withinPlanLimits } from './plan-limits.js';

/** `shown` is the path as the user typed it, for the messages. */
export async function readPlanText(planPath: string, shown: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(planPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TandemError(code === 'EISDIR' ? `${shown} is a directory, not a plan file.` : `Plan file ${shown} does not exist.`, {
      code: code === 'EISDIR' ? 'PLAN_IS_DIRECTORY' : 'PLAN_NOT_FOUND',
      hint: 'Pass the Markdown plan, or create one with `tandem plan design.md`.',
    });
  }
  const lenient = bytes.toString('utf8');
  // A binary file is the parser's to name ("looks like a binary file"): the hint to convert it from Latin-1 would mislead.
  const text = looksBinary(lenient) ? lenient : utf8TextOf(bytes, { what: `The plan ${shown}`, path: shown, code: 'PLAN_NOT_UTF8' });
  return withinPlanLimits(text, shown);
}
