/**
 * Reads and checks a design document before any model sees it. The CLI runs
 * the same checks before starting a workflow, so bad input fails fast with a
 * clear message and nothing written.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { ErrorCode } from '../errors/codes.js';
import { TandemError } from '../errors/tandem-error.js';

/** About 100k tokens: beyond this the planner's context is better spent on a shorter design. */
export const MAX_DESIGN_BYTES = 400_000;

export interface DesignDocument {
  text: string;
  sha256: string;
  bytes: number;
}

export async function readDesign(repo: string, designPath: string, maxBytes = MAX_DESIGN_BYTES): Promise<DesignDocument> {
  const absolute = resolve(repo, designPath);
  const shown = relative(process.cwd(), absolute) || designPath;
  const info = await stat(absolute).catch(() => undefined);
  if (!info) throw designError(`The design document ${shown} does not exist.`, 'DESIGN_MISSING', 'Check the path, e.g. `tandem plan docs/design.md`.');
  if (info.isDirectory()) throw designError(`${shown} is a directory, not a design document.`, 'DESIGN_IS_DIRECTORY', 'Pass the Markdown file inside it, e.g. `tandem plan docs/design.md`.');
  if (info.size > maxBytes) {
    throw designError(
      `The design document ${shown} is ${info.size} bytes; the planner's limit is ${maxBytes} bytes.`,
      'DESIGN_TOO_LARGE',
      'Split the design and plan each part, or keep only what this plan needs.',
    );
  }
  const bytes = await readFile(absolute);
  if (bytes.includes(0)) throw designError(`${shown} is a binary file, not a design document.`, 'DESIGN_BINARY', 'Write the design as Markdown or plain text.');
  const text = bytes.toString('utf8');
  if (text.trim() === '') throw designError(`The design document ${shown} is empty.`, 'DESIGN_EMPTY', 'Write what you want built, then run `tandem plan` again.');
  return { text, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

function designError(message: string, code: ErrorCode, hint: string): TandemError {
  return new TandemError(message, { code, hint });
}
