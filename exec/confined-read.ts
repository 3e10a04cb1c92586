/**
 * Reading a workspace file from Tandem's own code, which runs outside any
 * sandbox: a prompt template, AGENTS.md, the design, the plan. The agent can
 * make any such path a link to a file elsewhere (`~/.ssh/id_rsa`, another
 * run's journal), whose bytes would then go to a model, or a FIFO, on which a
 * plain read blocks a thread of the worker for good. So the path must resolve
 * inside the workspace (links within it are fine: `AGENTS.md` → `docs/agents.md`),
 * and what is opened, without following a link and without blocking, must be
 * a regular file, checked on the descriptor itself.
 */
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { TandemError } from '../errors/tandem-error.js';
import { contains } from './sandbox-mounts.js';

/** Larger than any prompt part Tandem reads from a workspace. */
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export type ConfinedFile =
  | { status: 'ok'; bytes: Buffer }
  | { status: 'missing' }
  | { status: 'refused'; why: 'outside' | 'directory' | 'not-a-file' | 'too-large'; size?: number };

/** `relPath` inside `workspace`, read as described above; never throws for what the workspace holds. */
export async function readConfined(workspace: string, relPath: string, maxBytes = DEFAULT_MAX_BYTES): Promise<ConfinedFile> {
  let root: string;
  try {
    root = await realpath(workspace);
  } catch (error) {
    if (isAbsent(error)) return { status: 'missing' };
    throw error;
  }
  const lexical = path.resolve(root, relPath);
  if (!contains(root, lexical)) return { status: 'refused', why: 'outside' };
  let real: string;
  try {
    real = await realpath(lexical);
  } catch (error) {
    if (isAbsent(error)) return { status: 'missing' };
    throw error;
  }
  if (!contains(root, real)) return { status: 'refused', why: 'outside' };
  let handle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    // ELOOP: the last part became a link after realpath read it.
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return { status: 'refused', why: 'outside' };
    if (isAbsent(error)) return { status: 'missing' };
    throw error;
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return { status: 'refused', why: 'directory' };
    if (!info.isFile()) return { status: 'refused', why: 'not-a-file' };
    if (info.size > maxBytes) return { status: 'refused', why: 'too-large', size: info.size };
    return { status: 'ok', bytes: await handle.readFile() };
  } finally {
    await handle.close();
  }
}

/**
 * The UTF-8 text of `relPath` in `workspace`, or undefined when there is no such file.
 * Throws TandemError WORKSPACE_FILE_REFUSED when the path is there but may not be read:
 * `what` names it for the user ("the prompt template .tandem/templates/reviewer.md").
 */
export async function readConfinedText(workspace: string, relPath: string, what: string, maxBytes?: number): Promise<string | undefined> {
  const read = await readConfined(workspace, relPath, maxBytes);
  if (read.status === 'missing') return undefined;
  if (read.status === 'ok') return read.bytes.toString('utf8');
  const why = read.why === 'too-large' ? `is ${read.size} bytes, more than the ${maxBytes ?? DEFAULT_MAX_BYTES} Tandem reads` : REFUSALS[read.why];
  throw new TandemError(`Tandem will not read ${what}: it ${why}.`, {
    code: 'WORKSPACE_FILE_REFUSED',
    hint: 'Tandem reads only regular files inside the repository for its prompts; replace it with a regular file (a link to another file in the repository is fine).',
    context: { path: relPath },
  });
}

const REFUSALS: Record<'outside' | 'directory' | 'not-a-file', string> = {
  outside: 'resolves to a location outside the repository (a symbolic link)',
  directory: 'is a directory',
  'not-a-file': 'is not a regular file (a FIFO, a socket or a device)',
};

function isAbsent(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
