import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, readConfig } from '../../config/load.js';
import { parseConfig } from '../../config/parse.js';
import { DEFAULT_CONFIG } from '../../config/schema.js';
import type { TandemError } from '../../errors/tandem-error.js';
import { thrown } from '../support/thrown.js';

const BOTH = { OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-ant-test' };

async function rejected(promise: Promise<unknown>): Promise<TandemError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as TandemError,
  );
}

describe('parseConfig', () => {
  it('accepts the documented example and applies defaults', () => {
    const { config } = parseConfig(
      [
        'models:',
        '  planner: openai:gpt-5',
        '  implementer: { model: anthropic:claude-sonnet-5-5, effort: medium }',
        '  reviewers: [openai:gpt-5]',
        'aliases:',
        '  coder: { model: "ollama:qwen2.5-coder:32b", maxTokens: 8192 }',
        'providers:',
        '  vllm: { baseUrl: "http://gpu-box:8000/v1", apiKeyEnv: VLLM_API_KEY }',
        'prices:',
        '  "openai:gpt-5": { input: 1.25, output: 10, cachedInput: 0.125 }',
        'test: npm test',
        'sandbox: none',
        'env: { allow: [NPM_TOKEN] }',
        'review: { policy: majority }',
        'run: { maxAttempts: 5, onFailure: continue }',
        'budget: { task: { usd: 2, tokens: 500000 }, run: { usd: 20 } }',
      ].join('\n'),
      'tandem.yaml',
    );
    expect(config.models.implementer).toEqual({ model: 'anthropic:claude-sonnet-5-5', effort: 'medium' });
    expect(config.models.reviewers).toEqual([{ model: 'openai:gpt-5' }]);
    expect(config.run).toEqual({ maxAttempts: 5, maxSteps: 40, maxTokensPerAttempt: 400000, onFailure: 'continue', commandTimeoutSeconds: 300, convergeRounds: 1 });
    expect(config.budget.task).toEqual({ usd: 2, tokens: 500000 });
    // Unset: each run gets a task queue of its own (worker/task-queue.ts).
    expect(config.temporal.taskQueue).toBeUndefined();
    expect(config.testTimeoutSeconds).toBe(600);
  });

  it('treats an empty or comment-only file as the defaults', () => {
    expect(parseConfig('', 'tandem.yaml').config).toEqual(DEFAULT_CONFIG);
    expect(parseConfig('# nothing yet\n', 'tandem.yaml').config).toEqual(DEFAULT_CONFIG);
  });

  it('names the key path and line of a wrong type at a nested key', () => {
    const text = ['models:', '  planner: openai:gpt-5', 'test: npm test', 'sandbox: bwrap', '', 'run:', '  maxAttempts: "three"'].join('\n');
    const error = thrown(() => parseConfig(text, 'tandem.yaml'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^tandem\.yaml:7: run\.maxAttempts: .*expected number, received string/);
    expect(error.context).toEqual({ file: 'tandem.yaml', line: 7, key: 'run.maxAttempts' });
  });

  it('refuses a Temporal address or namespace, which only the Temporal env config sets, and names what to set', () => {
    const error = thrown(() => parseConfig('temporal:\n  taskQueue: tandem\n  address: temporal.example.com:7233\n', 'tandem.yaml'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^tandem\.yaml:3: temporal\.address: the Temporal address is not read from tandem\.yaml.*set TEMPORAL_ADDRESS/);
    expect(thrown(() => parseConfig('temporal:\n  namespace: prod\n', 'tandem.yaml')).message).toMatch(/TEMPORAL_NAMESPACE/);
    expect(parseConfig('temporal:\n  taskQueue: tandem\n', 'tandem.yaml').config.temporal.taskQueue).toBe('tandem');
  });

  it('names an unknown top-level key and its line, listing the known keys', () => {
    const error = thrown(() => parseConfig('test: npm test\nmodles:\n  planner: openai:gpt-5\n', 'tandem.yaml'));
    expect(error.message).toMatch(/^tandem\.yaml:2: modles: unknown key \(known keys: models, aliases/);
  });

  it('names unknown nested keys, list items and bad record keys', () => {
    const text = ['run:', '  maxAttempt: 3', 'models:', '  reviewers:', '    - openai:gpt-5', '    - { model: openai:o3, effort: extreme }', 'prices:', '  gpt-5: { input: 1, output: 2 }'].join('\n');
    const lines = thrown(() => parseConfig(text, 'tandem.yaml')).message.split('\n');
    expect(lines).toContain('tandem.yaml:2: run.maxAttempt: unknown key');
    expect(lines.find((line) => line.startsWith('tandem.yaml:6: models.reviewers[1].effort: '))).toBeDefined();
    expect(lines).toContain('tandem.yaml:8: prices.gpt-5: expected a provider:model key such as "openai:gpt-5.6-sol", or "provider:*"');
  });

  it('rejects a named endpoint that shadows a built-in provider', () => {
    const error = thrown(() => parseConfig('providers:\n  ollama: { baseUrl: "http://x:1/v1" }\n', 'tandem.yaml'));
    expect(error.message).toMatch(/^tandem\.yaml:2: providers\.ollama: "ollama" is a built-in provider/);
  });

  it('names the line of a YAML syntax error', () => {
    const error = thrown(() => parseConfig('test: npm test\nrun:\n  maxAttempts: [3\n', 'tandem.yaml'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^tandem\.yaml:3: YAML syntax error: /);
    expect(error.context).toMatchObject({ line: 3 });
    const duplicate = thrown(() => parseConfig('test: a\nsandbox: none\ntest: b\n', 'tandem.yaml'));
    expect(duplicate.message).toMatch(/^tandem\.yaml:3: YAML syntax error: .*unique/i);
  });

  it('rejects a top level that is not a mapping', () => {
    expect(thrown(() => parseConfig('- a\n- b\n', 'tandem.yaml')).message).toContain('tandem.yaml:1: expected a mapping');
  });
});

describe('loadConfig', () => {
  let repo: string;
  beforeEach(async () => {
    repo = await mkdtemp(join(tmpdir(), 'tandem config '));
  });
  afterEach(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  it('uses the defaults without a tandem.yaml', async () => {
    const config = await loadConfig({ repoRoot: repo, env: BOTH });
    expect(config.configFile).toBeUndefined();
    expect(config.roles.implementer.spec).toBe('anthropic:claude-sonnet-5-5');
    expect(config.run.maxAttempts).toBe(3);
  });

  it('reads tandem.yaml from the repo root, with flags over it and prices applied', async () => {
    await writeFile(
      join(repo, 'tandem.yaml'),
      'models:\n  implementer: coder\n  reviewers: [openai:gpt-5]\naliases:\n  coder: "ollama:qwen2.5-coder:32b"\nprices:\n  "ollama:qwen2.5-coder:32b": { input: 0.5, output: 1 }\n',
    );
    const config = await loadConfig({ repoRoot: repo, env: { OLLAMA_HOST: 'gpu:11434' }, overrides: { allowSameModelReview: true } });
    expect(config.configFile).toBe(join(repo, 'tandem.yaml'));
    expect(config.roles.implementer).toMatchObject({ spec: 'ollama:qwen2.5-coder:32b', baseUrl: 'http://gpu:11434/v1', price: { inputPerMTok: 0.5, outputPerMTok: 1 } });
    expect(config.roles.planner.spec).toBe('ollama:qwen2.5-coder:32b');
    expect(config.models.allowSameModelReview).toBe(true);
  });

  it('points a role error at its line in tandem.yaml', async () => {
    await writeFile(join(repo, 'tandem.yaml'), 'test: npm test\nmodels:\n  implementer: vlm:qwen\n');
    const error = await rejected(loadConfig({ repoRoot: repo, env: BOTH }));
    expect(error.code).toBe('MODEL_PROVIDER_UNKNOWN');
    expect(error.message).toMatch(/tandem\.yaml:3: models\.implementer: unknown model provider "vlm"/);
  });

  it('rejects a reviewer equal to the implementer from the file', async () => {
    await writeFile(join(repo, 'tandem.yaml'), 'models:\n  implementer: openai:gpt-5\n  reviewers: [openai:gpt-5]\n');
    const error = await rejected(loadConfig({ repoRoot: repo, env: BOTH }));
    expect(error.code).toBe('REVIEWER_IS_IMPLEMENTER');
    expect(error.message).toMatch(/tandem\.yaml:3: models\.reviewers\[0\]: reviewer openai:gpt-5 is the same model as the implementer \(.*tandem\.yaml:2: models\.implementer\)/);
  });

  it('reads --config PATH and fails clearly when it does not exist', async () => {
    const other = join(repo, 'other.yaml');
    await writeFile(other, 'sandbox: { caches: [npm] }\ntest: make check\n');
    const read = await readConfig({ repoRoot: repo, configPath: other, trustRepoConfig: true });
    expect(read.config).toMatchObject({ test: 'make check', sandbox: { kind: 'bwrap', caches: ['npm'] } });
    const error = await rejected(readConfig({ repoRoot: repo, configPath: join(repo, 'missing.yaml') }));
    expect(error.code).toBe('CONFIG_NOT_FOUND');
  });

  it('readConfig needs no models or keys', async () => {
    await expect(readConfig({ repoRoot: repo })).resolves.toMatchObject({ configFile: undefined });
    expect((await rejected(loadConfig({ repoRoot: repo, env: {} }))).code).toBe('MODELS_NOT_CONFIGURED');
  });
});
