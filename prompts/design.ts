/**
 * Reads and checks a design document before any model sees it. The CLI runs
 * the same checks before starting a workflow, so bad input fails fast with a
 * clear message and nothing written.
 */
import { createHash } from 'node:crypto';
import { relative, resolve } from 'node:path';
import { readConfined } from '../exec/confined-read.js';
import { utf8TextOf } from '../exec/utf8-text.js';
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
  // Confined to the repository, as a regular file: what is read here goes to the planner.
  const read = await readConfined(repo, relative(repo, absolute), maxBytes);
  if (read.status === 'missing') throw designError(`The design document ${shown} does not exist.`, 'DESIGN_MISSING', 'Check the path, e.g. `tandem plan docs/design.md`.');
  if (read.status === 'refused' && read.why === 'directory') throw designError(`${shown} is a directory, not a design document.`, 'DESIGN_IS_DIRECTORY', 'Pass the Markdown file inside it, e.g. `tandem plan docs/design.md`.');
  if (read.status === 'refused' && read.why === 'too-large') {
    throw designError(
      `The design document ${shown} is ${read.size} bytes; the planner's limit is ${maxBytes} bytes.`,
      'DESIGN_TOO_LARGE',
      'Split the design and plan each part, or keep only what this plan needs.',
    );
  }
  if (read.status === 'refused') {
    throw designError(
      `The design document ${shown} ${read.why === 'outside' ? 'is a link to a file outside the repository' : 'is not a regular file'}.`,
      'WORKSPACE_FILE_REFUSED',
      'Put the design in the repository as a regular file (a link to another file in the repository is fine).',
    );
  }
  const { bytes } = read;
  if (bytes.includes(0)) throw designError(`${shown} is a binary file, not a design document.`, 'DESIGN_BINARY', 'Write the design as Markdown or plain text.');
  const text = utf8TextOf(bytes, { what: `The design document ${shown}`, path: shown, code: 'DESIGN_NOT_UTF8' });
  if (text.trim() === '') throw designError(`The design document ${shown} is empty.`, 'DESIGN_EMPTY', 'Write what you want built, then run `tandem plan` again.');
  return { text, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

function designError(message: string, code: ErrorCode, hint: string): TandemError {
  return new TandemError(message, { code, hint });
}
