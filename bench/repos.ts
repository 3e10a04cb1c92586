/** Real git repositories in temp dirs: a plan of N trivial tasks, and repos of a given size for the prompt figures. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';

export interface BenchRepo {
  root: string;
  git(...args: string[]): Promise<string>;
}

const created: string[] = [];

/** A repo on branch `main` with one commit holding `files`, and a local identity. */
export async function createRepo(files: Record<string, string>): Promise<BenchRepo> {
  const parent = realpathSync(await mkdtemp(join(tmpdir(), 'tandem-bench-repo-')));
  created.push(parent);
  const root = join(parent, 'app');
  await mkdir(root, { recursive: true });
  const git = async (...args: string[]) => (await execa('git', args, { cwd: root })).stdout;
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.name', 'Bench');
  await git('config', 'user.email', 'bench@example.com');
  await git('config', 'commit.gpgsign', 'false');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  await git('add', '-A');
  await git('commit', '-q', '-m', 'initial');
  return { root, git };
}

/** Deletes every repository createRepo made in this process. */
export async function removeRepos(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** `count` independent tasks; the instant model answers each with one write_file and a finish. */
export function trivialPlan(count: number): string {
  const tasks = Array.from({ length: count }, (_, index) => {
    const id = `T${index + 1}`;
    return `- [ ] ${id}: Write note ${index + 1}\n  - Details: Create tandem-instant/${id}.txt.\n  - Acceptance:\n    - tandem-instant/${id}.txt exists\n  - Depends on: none\n`;
  });
  return `# Plan: Bench ${count}\n\n${tasks.join('')}`;
}

/** A repository of `fileCount` small source files spread over folders, plus README and TODO.md. */
export function sourceTree(fileCount: number, plan: string): Record<string, string> {
  const files: Record<string, string> = { 'README.md': '# App\n', 'TODO.md': plan };
  for (let index = 0; Object.keys(files).length < fileCount; index++) {
    const folder = fileCount <= 10 ? 'src' : `src/module-${String(index % 40).padStart(2, '0')}`;
    files[`${folder}/file-${index}.ts`] = `export const value${index} = ${index};\n`;
  }
  return files;
}
