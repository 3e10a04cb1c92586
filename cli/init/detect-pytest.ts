/**
 * Whether a repository uses pytest. Python has no single manifest, so this
 * looks where projects declare it: pytest's own config files, dependency
 * lists, and as a last resort a `tests/` folder of `test_*.py` files.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where pytest was found (e.g. `pyproject.toml`), or undefined. Checks, in
 * order: pytest.ini, pyproject.toml, setup.cfg, tox.ini, requirements*.txt,
 * then test files in `tests/`.
 */
export async function detectPytest(root: string): Promise<string | undefined> {
  const entries = await readdir(root, { withFileTypes: true });
  const files = new Set(entries.filter((entry) => entry.isFile()).map((entry) => entry.name));
  if (files.has('pytest.ini')) return 'pytest.ini';
  // In these files a mention of pytest is a dependency or a [tool.pytest...]/[tool:pytest]/[pytest] section.
  const manifests = ['pyproject.toml', 'setup.cfg', 'tox.ini', ...[...files].filter(isRequirementsFile).sort()];
  for (const name of manifests) {
    if (!files.has(name)) continue;
    const text = await readFile(join(root, name), 'utf8').catch(() => '');
    if (mentionsPytest(text)) return name;
  }
  if (entries.some((entry) => entry.isDirectory() && entry.name === 'tests') && (await hasPythonTests(join(root, 'tests')))) {
    return 'tests/test_*.py';
  }
  return undefined;
}

function isRequirementsFile(name: string): boolean {
  return /^requirements.*\.txt$/i.test(name);
}

/** A line that names pytest outside a comment: `pytest>=8`, `"pytest",`, `[tool.pytest.ini_options]`. */
function mentionsPytest(text: string): boolean {
  return text.split('\n').some((line) => /\bpytest\b/i.test(line.replace(/#.*$/, '')));
}

/** `tests/` holds test_*.py or *_test.py, directly or one folder down. */
async function hasPythonTests(dir: string, depth = 0): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isFile() && /^test_.*\.py$|_test\.py$/.test(entry.name)) return true;
    if (entry.isDirectory() && depth < 1 && (await hasPythonTests(join(dir, entry.name), depth + 1))) return true;
  }
  return false;
}
