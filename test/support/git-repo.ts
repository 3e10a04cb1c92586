/** Real git repositories in temp dirs, for integration tests. */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';

export interface TestRepo {
  root: string;
  git(...args: string[]): Promise<string>;
  write(path: string, content: string): Promise<void>;
  commitAll(message: string): Promise<void>;
}

/** A repo with one commit holding `files`, on branch `main`, with a local identity. */
export async function createRepo(files: Record<string, string>, options: { name?: string } = {}): Promise<TestRepo> {
  const parent = await mkdtemp(join(tmpdir(), 'tandem-repo-'));
  const root = join(realpathSync(parent), options.name ?? 'app');
  await mkdir(root, { recursive: true });
  const git = async (...args: string[]) => (await execa('git', args, { cwd: root })).stdout;
  const write = async (path: string, content: string) => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  };
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.name', 'Test User');
  await git('config', 'user.email', 'test@example.com');
  await git('config', 'commit.gpgsign', 'false');
  for (const [path, content] of Object.entries(files)) await write(path, content);
  const commitAll = async (message: string) => {
    await git('add', '-A');
    await git('commit', '-q', '-m', message);
  };
  await commitAll('initial');
  return { root, git, write, commitAll };
}
