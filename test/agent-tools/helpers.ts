import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { executeTool, type ToolContext, type ToolResult } from '../../agent-tools/execute-tool.js';

/** A fresh real-path temp directory; remove it with `rm(dir, { recursive: true, force: true })`. */
export async function tempDir(prefix: string, parent = tmpdir()): Promise<string> {
  return realpath(await mkdtemp(path.join(parent, prefix)));
}

/** Writes files given as { 'relative/path': 'content' }, creating directories. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
}

export async function gitInit(root: string): Promise<void> {
  await execa('git', ['init', '-q'], { cwd: root });
}

export function context(workspace: string, overrides: Partial<ToolContext> = {}): ToolContext {
  return { workspace, sandbox: 'none', env: process.env, commandTimeoutMs: 10_000, maxOutputBytes: 20_000, ...overrides };
}

/** Calls a tool with arguments given as an object (or a raw string, to test bad JSON). */
export function call(ctx: ToolContext, name: string, args: Record<string, unknown> | string): Promise<ToolResult> {
  return executeTool({ name, rawArguments: typeof args === 'string' ? args : JSON.stringify(args) }, ctx);
}

export { rm };
