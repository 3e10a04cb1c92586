import { describe, expect, it } from 'vitest';
import { detectTestCommands } from '../../cli/init/detect-test-command.js';
import { NPM_PLACEHOLDER, packageJson, sampleRepo } from './sample-repo.js';

async function detect(files: Record<string, string>): Promise<string[]> {
  return (await detectTestCommands(await sampleRepo(files))).map((candidate) => candidate.command);
}

describe('detectTestCommands: node', () => {
  it('uses npm without a lockfile or with package-lock.json', async () => {
    expect(await detect({ 'package.json': packageJson({ test: 'vitest run' }) })).toEqual(['npm test']);
    expect(await detect({ 'package.json': packageJson({ test: 'jest' }), 'package-lock.json': '{}' })).toEqual(['npm test']);
  });

  it('respects pnpm, yarn and bun lockfiles', async () => {
    expect(await detect({ 'package.json': packageJson({ test: 'vitest' }), 'pnpm-lock.yaml': '' })).toEqual(['pnpm test']);
    expect(await detect({ 'package.json': packageJson({ test: 'vitest' }), 'yarn.lock': '' })).toEqual(['yarn test']);
    expect(await detect({ 'package.json': packageJson({ test: 'vitest' }), 'bun.lock': '' })).toEqual(['bun run test']);
  });

  it('prefers the packageManager field over lockfiles', async () => {
    const files = { 'package.json': packageJson({ test: 'vitest' }, { packageManager: 'pnpm@9.1.0' }), 'yarn.lock': '' };
    expect(await detect(files)).toEqual(['pnpm test']);
  });

  it("ignores npm's placeholder, an empty script, no script and a broken package.json", async () => {
    expect(await detect({ 'package.json': packageJson({ test: NPM_PLACEHOLDER }) })).toEqual([]);
    expect(await detect({ 'package.json': packageJson({ test: '  ' }) })).toEqual([]);
    expect(await detect({ 'package.json': packageJson({ build: 'tsc' }) })).toEqual([]);
    expect(await detect({ 'package.json': '{ not json' })).toEqual([]);
  });
});

describe('detectTestCommands: python', () => {
  const pytest = ['python -m pytest'];

  it.each([
    ['pytest.ini', { 'pytest.ini': '[pytest]\n' }],
    ['pyproject.toml dependency', { 'pyproject.toml': '[project]\nname = "x"\n[project.optional-dependencies]\ndev = ["pytest>=8"]\n' }],
    ['pyproject.toml section', { 'pyproject.toml': '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n' }],
    ['setup.cfg', { 'setup.cfg': '[tool:pytest]\naddopts = -q\n' }],
    ['tox.ini', { 'tox.ini': '[testenv]\ncommands = pytest\n' }],
    ['requirements-dev.txt', { 'requirements-dev.txt': 'black\npytest==8.2\n' }],
    ['tests/test_*.py', { 'tests/test_app.py': 'def test_ok():\n    assert True\n' }],
    ['tests/unit/*_test.py', { 'tests/unit/app_test.py': 'def test_ok():\n    pass\n' }],
  ])('detects pytest from %s', async (_, files) => {
    expect(await detect(files)).toEqual(pytest);
  });

  it('does not guess pytest from unrelated Python files or commented-out mentions', async () => {
    expect(await detect({ 'pyproject.toml': '[project]\nname = "x"\n# pytest later\n', 'requirements.txt': 'requests\n' })).toEqual([]);
    expect(await detect({ 'tests/helpers.py': '', 'app.py': '' })).toEqual([]);
  });
});

describe('detectTestCommands: go, rust, make', () => {
  it('detects go.mod, Cargo.toml and a Makefile test target', async () => {
    expect(await detect({ 'go.mod': 'module example.com/app\n' })).toEqual(['go test ./...']);
    expect(await detect({ 'Cargo.toml': '[package]\nname = "app"\n' })).toEqual(['cargo test']);
    expect(await detect({ Makefile: 'build:\n\tgo build\n\ntest: build\n\t./run-tests\n' })).toEqual(['make test']);
  });

  it('ignores a Makefile without a test target or with only a test variable', async () => {
    expect(await detect({ Makefile: 'build:\n\tcc main.c\n' })).toEqual([]);
    expect(await detect({ Makefile: 'test := yes\ntests:\n\ttrue\n' })).toEqual([]);
  });
});

describe('detectTestCommands: several and none', () => {
  it('orders several by the documented priority: make, package.json, cargo, go, pytest', async () => {
    const files = {
      'pytest.ini': '[pytest]\n',
      'go.mod': 'module x\n',
      'Cargo.toml': '[package]\n',
      'package.json': packageJson({ test: 'vitest run' }),
      'pnpm-lock.yaml': '',
      Makefile: 'test:\n\tnpm test\n',
    };
    expect(await detect(files)).toEqual(['make test', 'pnpm test', 'cargo test', 'go test ./...', 'python -m pytest']);
  });

  it('finds nothing in an empty repository or one with only docs', async () => {
    expect(await detect({})).toEqual([]);
    expect(await detect({ 'README.md': '# app\n', 'docs/design.md': 'x' })).toEqual([]);
  });
});
