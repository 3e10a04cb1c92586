import { existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerInitCommand } from '../../cli/commands/init.js';
import { AGENTS_QUESTION } from '../../cli/init/agents-choice.js';
import { packageRoot } from '../../prompts/templates.js';
import { parseConfig } from '../../config/parse.js';
import { isTandemError, type TandemError } from '../../errors/tandem-error.js';
import { createRepo } from '../support/git-repo.js';
import { packageJson, sampleRepo } from './sample-repo.js';

const BOTH = { OPENAI_API_KEY: 'sk-openai-secret-value', ANTHROPIC_API_KEY: 'sk-ant-secret-value' };

interface Harness {
  output: string;
  questions: string[];
}

/** Runs `tandem init ...args` through commander, the way the CLI does, with a scripted terminal. */
async function init(args: string[], options: { env?: Record<string, string>; interactive?: boolean; answer?: string } = {}): Promise<Harness> {
  const harness: Harness = { output: '', questions: [] };
  const program = new Command('tandem').exitOverride();
  registerInitCommand(program, {
    env: options.env ?? BOTH,
    interactive: options.interactive ?? false,
    ask: async (question) => {
      harness.questions.push(question);
      return options.answer ?? '';
    },
    write: (text) => {
      // Colours depend on the terminal and on CI=true; the words are what the tests read.
      harness.output += text.replace(/\u001b\[[0-9;]*m/g, '');
    },
  });
  await program.parseAsync(['init', ...args], { from: 'user' });
  return harness;
}

async function initError(args: string[]): Promise<TandemError> {
  try {
    await init(args);
  } catch (error) {
    if (isTandemError(error)) return error;
    throw error;
  }
  throw new Error('expected tandem init to fail');
}

describe('tandem init', () => {
  it('writes a valid tandem.yaml at the git top level when run in a subdirectory', async () => {
    const repo = await createRepo({ 'package.json': packageJson({ test: 'vitest run' }), 'pnpm-lock.yaml': '', 'src/index.ts': '' });
    const { output } = await init([join(repo.root, 'src')]);
    const text = await readFile(join(repo.root, 'tandem.yaml'), 'utf8');
    expect(parseConfig(text, 'tandem.yaml').config.test).toBe('pnpm test');
    expect(existsSync(join(repo.root, 'src', 'tandem.yaml'))).toBe(false);
    expect(output).toContain('tandem.yaml');
    expect(output).toContain('pnpm test');
    expect(output).toContain('tandem plan design.md');
    expect(output).toContain('tandem run TODO.md');
    for (const value of Object.values(BOTH)) expect(text + output).not.toContain(value);
  });

  it('refuses outside a git repository and writes nothing there', async () => {
    const root = realpathSync(await mkdtemp(join(tmpdir(), 'tandem-init-nogit-')));
    await writeFile(join(root, 'go.mod'), 'module x\n');
    const error = await initError([root]);
    expect(error.code).toBe('GIT_NOT_A_REPO');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('wrote nothing');
    expect(error.hint).toContain('git init');
    expect(await readdir(root)).toEqual(['go.mod']);
  });

  // Commander kept the last of the two, so `--agents --no-agents` quietly meant "no".
  it('refuses a flag given with its --no- form (--agents --no-agents, --mcp --no-mcp), naming both, and writes nothing', async () => {
    const root = await sampleRepo({ 'go.mod': 'module x\n' });
    for (const [yes, no] of [['--agents', '--no-agents'], ['--no-mcp', '--mcp']] as const) {
      const error = await initError([root, yes, '--yes', no]);
      expect(error).toMatchObject({ code: 'USAGE', exitCode: 2 });
      expect(error.message).toBe(`${yes.replace('--no-', '--')} and --no-${yes.replace(/^--(no-)?/, '')} contradict each other.`);
      expect(error.hint).toMatch(/^Give one of them/);
    }
    expect(existsSync(join(root, 'tandem.yaml'))).toBe(false);
    expect(existsSync(join(root, 'AGENTS.md'))).toBe(false);
    // Each side alone, and --yes with a --no- (a default turned down), is no contradiction.
    await init([root, '--yes', '--no-agents', '--no-mcp']);
    expect(existsSync(join(root, 'tandem.yaml'))).toBe(true);
    expect(existsSync(join(root, 'AGENTS.md'))).toBe(false);
  });

  it('ends with committing tandem.yaml among the next steps, before plan and run', async () => {
    const root = await sampleRepo({ 'go.mod': 'module x\n' });
    const { output } = await init([root]);
    expect(parseConfig(await readFile(join(root, 'tandem.yaml'), 'utf8'), 'tandem.yaml').config.test).toBe('go test ./...');
    const steps = output.slice(output.indexOf('Next steps:'));
    expect(steps).toContain('git add tandem.yaml && git commit -m "Add tandem.yaml"');
    expect(steps.indexOf('git commit')).toBeLessThan(steps.indexOf('tandem plan design.md'));
  });

  it('refuses to overwrite tandem.yaml without --force (exit 2, with a hint), and overwrites with it', async () => {
    const root = await sampleRepo({ 'tandem.yaml': 'test: my-tests\n', 'Cargo.toml': '' });
    const error = await initError([root]);
    expect(error.code).toBe('CONFIG_EXISTS');
    expect(error.exitCode).toBe(2);
    expect(error.hint).toMatch(/--force/);
    expect(await readFile(join(root, 'tandem.yaml'), 'utf8')).toBe('test: my-tests\n');

    await init([root, '--force']);
    expect(parseConfig(await readFile(join(root, 'tandem.yaml'), 'utf8'), 'tandem.yaml').config.test).toBe('cargo test');
  });

  it('refuses a tandem.yaml that is a directory, with or without --force, and writes nothing', async () => {
    const root = await sampleRepo({ 'Cargo.toml': '' });
    await mkdir(join(root, 'tandem.yaml', 'kept'), { recursive: true });
    for (const args of [[root, '--force', '--yes'], [root, '--agents']]) {
      const error = await initError(args);
      expect(error).toMatchObject({ code: 'CONFIG_UNREADABLE', exitCode: 2, message: `${join(root, 'tandem.yaml')} is a directory, not a config file; tandem init wrote nothing.` });
      expect(error.hint).toContain('Move or remove it');
      expect(error.message).not.toMatch(/EISDIR/);
    }
    expect(await readdir(join(root, 'tandem.yaml'))).toEqual(['kept']);
    expect(existsSync(join(root, 'AGENTS.md'))).toBe(false);
  });

  it('fails with a TandemError for a directory that does not exist', async () => {
    const error = await initError([join(await sampleRepo({}), 'missing')]);
    expect(error.code).toBe('INIT_DIR_NOT_FOUND');
  });

  it('with no keys says so and writes the Ollama example commented out', async () => {
    const root = await sampleRepo({});
    const { output } = await init([root], { env: {} });
    const text = await readFile(join(root, 'tandem.yaml'), 'utf8');
    expect(text).toMatch(/^# {3}implementer: ollama:/m);
    expect(output).toMatch(/no OPENAI_API_KEY or ANTHROPIC_API_KEY/);
  });
});

describe('tandem init: AGENTS.md', () => {
  it('--agents creates it with the detected test command and language, without asking', async () => {
    const root = await sampleRepo({ 'pyproject.toml': '[tool.pytest.ini_options]\n' });
    const { questions, output } = await init([root, '--agents'], { interactive: true });
    const agents = await readFile(join(root, 'AGENTS.md'), 'utf8');
    expect(questions).toEqual([]);
    expect(agents).toContain('`python -m pytest`');
    expect(agents).toContain('Language: Python');
    expect(agents).not.toMatch(/\{\{\w+\}\}/);
    expect(output).toContain('AGENTS.md');
  });

  it('--no-agents neither creates nor asks', async () => {
    const root = await sampleRepo({});
    const { questions } = await init([root, '--no-agents'], { interactive: true });
    expect(questions).toEqual([]);
    expect(existsSync(join(root, 'AGENTS.md'))).toBe(false);
  });

  it('on a terminal asks, and Enter means yes while "n" means no', async () => {
    const yes = await sampleRepo({});
    expect((await init([yes], { interactive: true, answer: '' })).questions).toEqual([AGENTS_QUESTION]);
    expect(existsSync(join(yes, 'AGENTS.md'))).toBe(true);

    const no = await sampleRepo({});
    await init([no], { interactive: true, answer: 'n' });
    expect(existsSync(join(no, 'AGENTS.md'))).toBe(false);
  });

  it('without a terminal or flag does not create it and prints a hint; --yes creates it', async () => {
    const root = await sampleRepo({});
    const { output, questions } = await init([root]);
    expect(questions).toEqual([]);
    expect(existsSync(join(root, 'AGENTS.md'))).toBe(false);
    expect(output).toMatch(/hint:.*tandem init --agents/);

    const other = await sampleRepo({});
    await init([other, '--yes']);
    expect(existsSync(join(other, 'AGENTS.md'))).toBe(true);
  });

  it('never touches an existing AGENTS.md, and --agents works on an initialised repo', async () => {
    const root = await sampleRepo({ 'AGENTS.md': 'mine\n', 'tandem.yaml': 'test: t\n' });
    const { output } = await init([root, '--agents'], { interactive: true });
    expect(await readFile(join(root, 'AGENTS.md'), 'utf8')).toBe('mine\n');
    expect(await readFile(join(root, 'tandem.yaml'), 'utf8')).toBe('test: t\n');
    expect(output).toMatch(/kept/);
  });
});

describe('tandem init --templates', () => {
  it('copies every built-in prompt template into .tandem/templates/, keeping files already there', async () => {
    const root = await sampleRepo({});
    await mkdir(join(root, '.tandem', 'templates'), { recursive: true });
    await writeFile(join(root, '.tandem', 'templates', 'planner.md'), 'my planner\n');
    const { output } = await init([root, '--templates', '--no-agents']);

    const builtIn = (await readdir(join(packageRoot(), 'templates', 'prompts'))).filter((name) => name.endsWith('.md')).sort();
    expect((await readdir(join(root, '.tandem', 'templates'))).sort()).toEqual(builtIn);
    expect(await readFile(join(root, '.tandem', 'templates', 'planner.md'), 'utf8')).toBe('my planner\n');
    const implementer = await readFile(join(packageRoot(), 'templates', 'prompts', 'implementer.md'), 'utf8');
    expect(await readFile(join(root, '.tandem', 'templates', 'implementer.md'), 'utf8')).toBe(implementer);
    expect(output).toContain(`copied ${builtIn.length - 1} prompt templates`);
    expect(output).toContain('1 already there, kept');
  });

  it('works on a repository that already has tandem.yaml, leaving it alone', async () => {
    const root = await sampleRepo({ 'tandem.yaml': 'test: t\n' });
    await init([root, '--templates']);
    expect(await readFile(join(root, 'tandem.yaml'), 'utf8')).toBe('test: t\n');
    expect(existsSync(join(root, '.tandem', 'templates', 'reviewer.md'))).toBe(true);
  });
});

describe('tandem init --help', () => {
  it('shows the flags and examples', async () => {
    let help = '';
    const program = new Command('tandem').exitOverride().configureOutput({ writeOut: (text) => (help += text) });
    registerInitCommand(program);
    await expect(program.parseAsync(['init', '--help'], { from: 'user' })).rejects.toBeInstanceOf(CommanderError);
    for (const flag of ['--yes', '--force', '--agents', '--no-agents', '--templates', 'Examples:']) expect(help).toContain(flag);
  });
});
