import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectTestCommands } from '../../cli/init/detect-test-command.js';
import { OLLAMA_EXAMPLE, proposeModels, vendorOf } from '../../cli/init/propose-models.js';
import { ollamaModelsYaml, renderConfig } from '../../cli/init/render-config.js';
import { loadConfig } from '../../config/load.js';
import { parseConfig } from '../../config/parse.js';
import { DEFAULT_CONFIG } from '../../config/schema.js';
import { packageJson, sampleRepo } from './sample-repo.js';

const OPENAI = { OPENAI_API_KEY: 'sk-openai-secret-value' };
const ANTHROPIC = { ANTHROPIC_API_KEY: 'sk-ant-secret-value' };
const BOTH = { ...OPENAI, ...ANTHROPIC };

/** Renders for `env` in a repo with `files`, writes it as tandem.yaml, and returns the text and repo. */
async function rendered(env: Record<string, string>, files: Record<string, string> = {}) {
  const root = await sampleRepo(files);
  const text = await renderConfig({ models: proposeModels(env), tests: await detectTestCommands(root) });
  await writeFile(join(root, 'tandem.yaml'), text);
  return { root, text, config: parseConfig(text, 'tandem.yaml').config };
}

describe('proposeModels', () => {
  it('with both keys picks implementer and reviewer from different vendors', () => {
    const proposal = proposeModels(BOTH);
    expect(proposal.kind).toBe('keys');
    if (proposal.kind !== 'keys') return;
    expect(vendorOf(proposal.implementer)).not.toBe(vendorOf(proposal.reviewer));
    expect(proposal.sameVendor).toBe(false);
  });

  it.each([
    ['OPENAI_API_KEY', OPENAI, 'openai'],
    ['ANTHROPIC_API_KEY', ANTHROPIC, 'anthropic'],
  ])('with only %s uses a different model of that vendor as reviewer', (_, env, vendor) => {
    const proposal = proposeModels(env);
    if (proposal.kind !== 'keys') throw new Error('expected a proposal');
    expect([vendorOf(proposal.implementer), vendorOf(proposal.reviewer)]).toEqual([vendor, vendor]);
    expect(proposal.reviewer).not.toBe(proposal.implementer);
    expect(proposal.sameVendor).toBe(true);
  });

  it('with no keys (or blank ones) proposes nothing', () => {
    expect(proposeModels({})).toEqual({ kind: 'none' });
    expect(proposeModels({ OPENAI_API_KEY: '  ' })).toEqual({ kind: 'none' });
  });
});

describe('renderConfig', () => {
  it.each([
    ['both keys', BOTH],
    ['OpenAI only', OPENAI],
    ['Anthropic only', ANTHROPIC],
  ])('with %s writes models that parse and resolve with loadConfig', async (_, env) => {
    const { root, text, config } = await rendered(env);
    const proposal = proposeModels(env);
    if (proposal.kind !== 'keys') throw new Error('expected a proposal');
    expect(config.models.implementer).toEqual({ model: proposal.implementer });
    const loaded = await loadConfig({ repoRoot: root, env });
    expect(loaded.roles.implementer.spec).toBe(proposal.implementer);
    expect(loaded.roles.reviewers.map((model) => model.spec)).toEqual([proposal.reviewer]);
    expect(loaded.roles.planner.spec).toBe(proposal.planner);
    // Only variable names, never the values.
    for (const value of Object.values(env)) expect(text).not.toContain(value);
  });

  it('with no keys leaves models unset and a commented Ollama example that resolves once uncommented', async () => {
    const { root, text, config } = await rendered({});
    expect(config.models.implementer).toBeUndefined();
    expect(text).toContain('OPENAI_API_KEY');
    for (const line of ollamaModelsYaml()) expect(text).toContain(`# ${line}`);

    const uncommented = text.replace(/^# ((?:models:| {2}).*)$/gm, (line, body: string) =>
      ollamaModelsYaml().includes(body) ? body : line,
    );
    await writeFile(join(root, 'tandem.yaml'), uncommented);
    const loaded = await loadConfig({ repoRoot: root, env: {} });
    expect(loaded.roles.implementer.spec).toBe(OLLAMA_EXAMPLE.implementer);
    expect(loaded.roles.reviewers.map((model) => model.spec)).toEqual([OLLAMA_EXAMPLE.reviewer]);
  });

  it('keeps every other setting at the schema default', async () => {
    const { config } = await rendered(BOTH);
    const { models: _models, test: _test, ...rest } = config;
    const { models: _dm, test: _dt, ...defaults } = DEFAULT_CONFIG;
    expect(rest).toEqual(defaults);
  });

  it('offers lanes as a commented example that parses once uncommented', async () => {
    const { text, config } = await rendered(BOTH);
    expect(config.run.parallel).toBeUndefined();
    expect(text).toMatch(/^ {2}# parallel: 4$/m);
    const uncommented = parseConfig(text.replace(/^ {2}# parallel: 4$/m, '  parallel: 4'), 'tandem.yaml');
    expect(uncommented.config.run.parallel).toBe(4);
  });

  it('writes the detected test command and lists the others in a comment', async () => {
    const files = { 'go.mod': 'module x\n', Makefile: 'test:\n\tgo test ./...\n' };
    const { text, config } = await rendered(BOTH, files);
    expect(config.test).toBe('make test');
    expect(text).toMatch(/^#\s+test: go test \.\/\.\.\.\s+# from go\.mod$/m);
  });

  it('with no test command leaves test: commented out with a note', async () => {
    const { text, config } = await rendered(BOTH, { 'package.json': packageJson({ build: 'tsc' }) });
    expect(config.test).toBeUndefined();
    expect(text).toMatch(/No test command was detected/);
    expect(text).toMatch(/^# test: npm test$/m);
  });

  it('documents prompt overrides in .tandem/templates/', async () => {
    const { text } = await rendered({});
    expect(text).toContain('.tandem/templates/');
    expect(text).toContain('tandem init --templates');
  });
});
