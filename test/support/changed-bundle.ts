/**
 * A workflow bundle built from a changed copy of the sources: "the next
 * Tandem version" for upgrade tests, without touching the checkout. A worker
 * loads it through TANDEM_WORKFLOW_BUNDLE.
 */
import { cp, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { REPO_ROOT } from './cli.js';

/** One textual edit; the anchor must occur exactly once, so a moved anchor fails loudly instead of testing nothing. */
export interface SourceEdit {
  file: string;
  anchor: string;
  replacement: string;
}

const NOT_SOURCES = new Set(['node_modules', 'dist', 'test', '.git']);

/** Copies the sources, applies `edits`, and bundles `workflows/index.ts`; returns the bundle's path. */
export async function bundleChangedWorkflows(edits: SourceEdit[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-next-version-'));
  for (const entry of await readdir(REPO_ROOT, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && !NOT_SOURCES.has(entry.name)) {
      await cp(join(REPO_ROOT, entry.name), join(dir, entry.name), { recursive: true });
    }
  }
  await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  for (const edit of edits) {
    const path = join(dir, edit.file);
    const source = await readFile(path, 'utf8');
    const count = source.split(edit.anchor).length - 1;
    if (count !== 1) throw new Error(`${edit.file}: expected the anchor once, found it ${count} times: ${edit.anchor}`);
    await writeFile(path, source.replace(edit.anchor, edit.replacement));
  }
  const { code } = await bundleWorkflowCode({ workflowsPath: join(dir, 'workflows', 'index.ts'), logger: quietLogger });
  const bundlePath = join(dir, 'workflow-bundle.js');
  await writeFile(bundlePath, code);
  return bundlePath;
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };
