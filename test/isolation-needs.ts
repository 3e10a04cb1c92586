/**
 * Which test files must run in a process of their own, read from their source.
 * Starting a process and importing its modules costs about a second per file,
 * more than most unit files take to run, so the pure ones share threads
 * (vitest.config.ts, project `unit`). A file runs isolated when it, or a test
 * helper it imports, touches process-wide state: the shared dev server and the
 * CLI, a Temporal worker (its native runtime is one per process), module
 * mocks, stubbed environment, globals or timers, the working directory, or
 * process handlers. Files that spawn processes (git, bwrap, a browser) run
 * isolated too: the threads live in vitest's own large process, where every
 * spawn cost several times more (a CI run measured 74 s → 204 s for the files
 * then in the threads, most of it in the ones that spawn).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const PROCESS_WIDE =
  /\binject\(|\bvi\.(mock|doMock|stubEnv|stubGlobal|spyOn|useFakeTimers|hoisted)\b|process\.env(\.[A-Za-z_]+|\[[^\]]+\])\s*=(?!=)|delete process\.env|Object\.assign\(process\.env|process\.(chdir|on|once|exitCode|umask)\b|@temporalio\/(worker|testing|activity)|globalThis\.\w+\s*=(?!=)|['"](node:)?child_process['"]|['"]execa['"]/;

const STARTS_A_WORKER = /@temporalio\/(worker|testing)['"]/;

const TEST_DIR = join('/', 'test', '/');

const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** Test files (relative to `root`, e.g. `test/git/x.test.ts`) that need a process of their own. */
export function testFilesNeedingIsolation(root: string, testDir = 'test'): string[] {
  const memo = new Map<string, boolean>();
  return testFiles(join(root, testDir))
    .filter((file) => touchesProcessState(file, 0, memo, new Set()))
    .map((file) => relative(root, file));
}

/**
 * A test helper is judged by everything it does. A source module is judged only by whether
 * it starts a Temporal worker, and only two imports away from a test: nearly every module
 * reaches the worker package somewhere, but the ones a test uses to start one import it
 * within two steps (bench/bench.ts → bench/server.ts).
 */
function touchesProcessState(file: string, sourceDepth: number, memo: Map<string, boolean>, visiting: Set<string>): boolean {
  const key = `${file}@${sourceDepth}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  if (visiting.has(key)) return false;
  visiting.add(key);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return false; // not in the tree (a package): judged by the text of the file importing it
  }
  let touches = (file.includes(TEST_DIR) ? PROCESS_WIDE : STARTS_A_WORKER).test(source);
  for (const match of touches ? [] : source.matchAll(RELATIVE_IMPORT)) {
    const target = resolve(dirname(file), match[1]!.replace(/\.js$/, '.ts'));
    const depth = target.includes(TEST_DIR) ? 0 : sourceDepth + 1;
    if (depth <= 2 && touchesProcessState(target, depth, memo, visiting)) {
      touches = true;
      break;
    }
  }
  memo.set(key, touches);
  return touches;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}
