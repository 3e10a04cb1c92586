/**
 * Small file helpers shared by the file tools, with the defensive details in one
 * place: writes never follow a symlink at the last component (the path was resolved
 * already, so a symlink there means something changed under us), and text files are
 * told apart from binary ones before they are shown to a model.
 */
import { constants } from 'node:fs';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** Files larger than this are not loaded whole by read_file or edit_file. */
export const MAX_TEXT_FILE_BYTES = 10 * 1024 * 1024;

/** Writes `content` to a resolved path, creating parent directories. Fails with ELOOP if the last component became a symlink. */
export async function writeResolvedFile(absolute: string, content: string): Promise<void> {
  await mkdir(path.dirname(absolute), { recursive: true });
  const handle = await open(absolute, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o666);
  try {
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close();
  }
}

/** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
export function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

export type TextFile = { ok: true; text: string } | { ok: false; message: string };

/** Reads a resolved file as UTF-8 text, refusing binary and oversized files with a message for the model. */
export async function readTextFile(absolute: string, shownAs: string): Promise<TextFile> {
  const { size } = await stat(absolute);
  if (size > MAX_TEXT_FILE_BYTES) {
    return { ok: false, message: `${shownAs} is too large (${size} bytes) to load whole. Use search to find the lines you need.` };
  }
  const bytes = await readFile(absolute);
  if (looksBinary(bytes)) return { ok: false, message: `${shownAs} is a binary file (${size} bytes); only text files can be read or edited.` };
  return { ok: true, text: bytes.toString('utf8') };
}

/** Counts lines the way an editor shows them: a trailing newline does not start another line. */
export function countLines(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}
