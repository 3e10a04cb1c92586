/**
 * Small file helpers shared by the file tools, with the defensive details in one
 * place: writes replace files rather than write through them, and text files are
 * told apart from binary ones before they are shown to a model.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Files larger than this are not loaded whole by read_file or edit_file. */
export const MAX_TEXT_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Writes `content` to a resolved path, creating parent directories. The content goes
 * to a temporary file beside it that then replaces the target: a crash never leaves
 * half a file, and a target that is a hard link to a file elsewhere is replaced, not
 * written through. An existing file keeps its mode (executable scripts stay so).
 */
export async function writeResolvedFile(absolute: string, content: string | Uint8Array): Promise<void> {
  const dir = path.dirname(absolute);
  await mkdir(dir, { recursive: true });
  const mode = await stat(absolute).then((s) => s.mode & 0o7777, () => 0o666);
  const temp = path.join(dir, `.${path.basename(absolute)}.tandem-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.chmod(mode); // open() applied the umask
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, absolute);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
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
