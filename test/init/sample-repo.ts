/** Sample repositories for init tests: freshly initialised git repositories holding the given files. */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';

/** A fresh git repository (`git init`, no commits) containing `files`; returns its real path. */
export async function sampleRepo(files: Record<string, string>): Promise<string> {
  const root = realpathSync(await mkdtemp(join(tmpdir(), 'tandem-init-')));
  await execa('git', ['init', '-q', root]);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

export const packageJson = (scripts: Record<string, string>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ name: 'app', version: '1.0.0', scripts, ...extra }, null, 2);

/** What `npm init -y` writes as the test script. */
export const NPM_PLACEHOLDER = 'echo "Error: no test specified" && exit 1';
