/**
 * Finds the command that runs a repository's tests, from the files every
 * ecosystem leaves at its root. Reads files only; never runs anything.
 *
 * Priority when several match (the first becomes `test:`, the rest are listed
 * in a comment next to it):
 *   1. Makefile `test:` target: the project's own entry point, which usually sets
 *      up flags and env, and often wraps the other ecosystems of a polyglot repo;
 *   2. package.json `scripts.test`: also written by the project itself;
 *   3. Cargo.toml → `cargo test`, 4. go.mod → `go test ./...`: a language's
 *      standard runner, right without any configuration;
 *   5. pytest, last because it is inferred from dependencies and file names.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { detectPytest } from './detect-pytest.js';

export type Language = 'JavaScript/TypeScript' | 'Python' | 'Go' | 'Rust' | 'Make';

export interface TestCommandCandidate {
  /** The shell command, e.g. `pnpm test`. */
  command: string;
  language: Language;
  /** Where it was found, for the comment in tandem.yaml, e.g. `package.json scripts.test`. */
  source: string;
}

// What `npm init` writes; it fails on purpose, so it is no test command at all.
const NPM_PLACEHOLDER = /no test specified/i;

/** Every test command found in `root`, best first (see the priority above); empty when none. */
export async function detectTestCommands(root: string): Promise<TestCommandCandidate[]> {
  const found = await Promise.all([fromMakefile(root), fromPackageJson(root), fromCargo(root), fromGoMod(root), fromPytest(root)]);
  return found.filter((candidate): candidate is TestCommandCandidate => candidate !== undefined);
}

async function fromMakefile(root: string): Promise<TestCommandCandidate | undefined> {
  for (const name of ['GNUmakefile', 'Makefile', 'makefile']) {
    const text = await readIfExists(join(root, name));
    // `test:` or `test: deps`, but not a variable such as `test := 1`.
    if (text !== undefined && /^test\s*:(?!=)/m.test(text)) {
      return { command: 'make test', language: 'Make', source: `${name} target "test"` };
    }
  }
  return undefined;
}

async function fromPackageJson(root: string): Promise<TestCommandCandidate | undefined> {
  const text = await readIfExists(join(root, 'package.json'));
  if (text === undefined) return undefined;
  let manifest: { scripts?: Record<string, unknown>; packageManager?: unknown };
  try {
    manifest = JSON.parse(text) as typeof manifest;
  } catch {
    return undefined; // A broken package.json is the user's to fix; init just does not guess from it.
  }
  const script = manifest.scripts?.test;
  if (typeof script !== 'string' || script.trim() === '' || NPM_PLACEHOLDER.test(script)) return undefined;
  const manager = await packageManager(root, manifest.packageManager);
  // `bun test` is Bun's own runner, not the script; the others run the script.
  const command = manager === 'bun' ? 'bun run test' : `${manager} test`;
  return { command, language: 'JavaScript/TypeScript', source: 'package.json scripts.test' };
}

/** The package manager the repo uses: the `packageManager` field, else its lockfile, else npm. */
async function packageManager(root: string, declared: unknown): Promise<'npm' | 'pnpm' | 'yarn' | 'bun'> {
  const name = typeof declared === 'string' ? declared.split('@')[0] : undefined;
  if (name === 'pnpm' || name === 'yarn' || name === 'bun' || name === 'npm') return name;
  const files = new Set(await readdir(root));
  if (files.has('pnpm-lock.yaml')) return 'pnpm';
  if (files.has('yarn.lock')) return 'yarn';
  if (files.has('bun.lockb') || files.has('bun.lock')) return 'bun';
  return 'npm';
}

async function fromCargo(root: string): Promise<TestCommandCandidate | undefined> {
  if (!existsSync(join(root, 'Cargo.toml'))) return undefined;
  return { command: 'cargo test', language: 'Rust', source: 'Cargo.toml' };
}

async function fromGoMod(root: string): Promise<TestCommandCandidate | undefined> {
  if (!existsSync(join(root, 'go.mod'))) return undefined;
  return { command: 'go test ./...', language: 'Go', source: 'go.mod' };
}

async function fromPytest(root: string): Promise<TestCommandCandidate | undefined> {
  const source = await detectPytest(root);
  return source === undefined ? undefined : { command: 'python -m pytest', language: 'Python', source };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
