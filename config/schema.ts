/**
 * The shape of `tandem.yaml`, as a zod schema. Built-in provider names come from
 * the provider registry; the CLI validates with the same schema it documents.
 *
 * Every object is strict, so a typo such as `mdoels:` or `run.maxAttempt` is an
 * error naming the key and line instead of a setting that silently does nothing.
 */
import { z } from 'zod';
import { BUILTIN_PROVIDER_NAMES, baseUrlVariables } from '../models/providers/registry.js';
import { ON_FAILURE_MODES, REVIEW_POLICIES } from '../contracts/choices.js';
import { SANDBOX_CACHES, SANDBOX_KINDS } from '../contracts/sandbox.js';
import { WEBHOOK_FORMATS } from '../contracts/notify-settings.js';
import { APPROVAL_GATES } from '../contracts/approval.js';
import { DURATION_HINT, parseDurationSeconds } from './duration.js';
import { mcpSchema } from './mcp-schema.js';

const SPEC_HINT = 'expected a model spec such as openai:gpt-5 or an alias name';
const REF_HINT = 'expected a model spec such as openai:gpt-5, or { model, effort, maxTokens }';

/** `provider:model` or an alias name: one token, no spaces. */
const specString = z.string().regex(/^\S+$/, SPEC_HINT);

/** A role or alias value after normalisation: a bare string becomes `{ model }`. */
const modelRefObject = z.strictObject(
  {
    model: specString,
    effort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
    maxTokens: z.int().positive().optional(),
    // Tokens the model can attend to; sent to Ollama as num_ctx, and prompts are trimmed to fit.
    contextWindow: z.int().positive().optional(),
    // The OpenAI wire API; absent: Responses for openai, Chat Completions for compatible servers.
    api: z.enum(['responses', 'chat']).optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? REF_HINT : undefined) },
);
export const modelRefSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { model: value } : agentRef(value)),
  modelRefObject,
);
export type ModelRef = z.output<typeof modelRefObject>;

/** `{ agent: codex, model: gpt-5.4 }` is written `agent:codex/gpt-5.4` (config/agent-spec.ts) before validation. */
function agentRef(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('agent' in value) || typeof value.agent !== 'string') return value;
  const { agent, model, ...rest } = value as { agent: string; model?: unknown };
  return { ...rest, model: `agent:${agent}${typeof model === 'string' && model !== '' ? `/${model}` : ''}` };
}

const modelsSchema = z.strictObject({
  planner: modelRefSchema.optional(),
  implementer: modelRefSchema.optional(),
  // A single reviewer may be written without brackets.
  reviewers: z
    .preprocess((value) => (value === undefined || Array.isArray(value) ? value : [value]), z.array(modelRefSchema).min(1))
    .optional(),
  allowSameModelReview: z.boolean().default(false),
});

const providerSchema = z.strictObject({
  baseUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://gpu-box:8000/v1' }),
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name').optional(),
  // The server's context size (llama.cpp -c), for every model it serves unless a model reference sets its own.
  contextWindow: z.int().positive().optional(),
  // Chat Completions unless the server also speaks Responses.
  api: z.enum(['responses', 'chat']).optional(),
});

// `sandbox: bwrap` is short for `sandbox: { kind: bwrap }`. Caches are mounted read-only, by tool name.
const sandboxSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { kind: value } : value),
  z.strictObject({
    kind: z.enum(SANDBOX_KINDS).default('bwrap'),
    caches: z.array(z.enum(SANDBOX_CACHES)).default([]),
  }),
);

const priceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
  // Prompt-cache writes (Anthropic's 5-minute write); the input price when absent.
  cacheWrite: z.number().nonnegative().optional(),
});

// `notify: https://…` is short for `notify: { webhook: https://… }`.
const notifySchema = z.preprocess(
  (value) => (typeof value === 'string' ? { webhook: value } : value),
  z.strictObject({
    webhook: z.url({ protocol: /^https?$/, error: 'expected an http(s) webhook URL such as https://hooks.slack.com/services/…' }).optional(),
    // Unset: Slack's body for a hooks.slack.com URL, generic JSON otherwise.
    format: z.enum(WEBHOOK_FORMATS).optional(),
    desktop: z.boolean().default(false),
  }),
);

const limitSchema = z.strictObject({
  usd: z.number().positive().optional(),
  tokens: z.int().positive().optional(),
});

export const tandemConfigSchema = z
  .strictObject({
    models: modelsSchema.prefault({}),
    // Alias names never contain a colon, so they cannot be mistaken for a spec.
    aliases: z.record(z.string().regex(/^[A-Za-z0-9][\w.-]*$/, 'alias names use letters, digits, . _ - (no colon)'), modelRefSchema).default({}),
    // Named OpenAI-compatible endpoints, used as `name:model`.
    providers: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'provider names use lowercase letters, digits, _ -'), providerSchema).default({}),
    // USD per million tokens, keyed by `provider:model`, or `provider:*` for every model of a
    // provider (a hosted endpoint); overrides the built-in table. An exact key beats `provider:*`.
    prices: z.record(z.string().regex(/^[^:\s]+:\S+$/, 'expected a provider:model key such as "openai:gpt-5.6-sol", or "provider:*"'), priceSchema).default({}),
    // A shell command, or `none`: the project has no test command on purpose (no warning at each run).
    test: z.string().min(1).optional(),
    testTimeoutSeconds: z.int().positive().default(600),
    sandbox: sandboxSchema.prefault({}),
    env: z.strictObject({ allow: z.array(z.string()).default([]) }).prefault({}),
    review: z.strictObject({ policy: z.enum(REVIEW_POLICIES).default('all') }).prefault({}),
    run: z
      .strictObject({
        maxAttempts: z.int().positive().default(3),
        maxSteps: z.int().positive().default(40),
        maxTokensPerAttempt: z.int().positive().default(400_000),
        onFailure: z.enum(ON_FAILURE_MODES).default('stop'),
        commandTimeoutSeconds: z.int().positive().default(300),
        // Where the run waits for a person: `approve: [each, final]`, or `approve: each`.
        approve: z
          .preprocess((value) => (typeof value === 'string' ? value.split(',').map((gate) => gate.trim()) : value), z.array(z.enum(APPROVAL_GATES)))
          .optional(),
        // While it waits for approval, notify again this often, e.g. `4h`.
        approveRemind: z.string().refine((text) => parseDurationSeconds(text) !== undefined, `expected ${DURATION_HINT}`).optional(),
        // Open the pull request when the run completes (`tandem run --pr`); `{ remote: name }` pushes elsewhere than origin.
        pr: z.preprocess((value) => (value === true ? {} : value === false ? undefined : value), z.strictObject({ remote: z.string().min(1).optional() }).optional()),
        // Rounds of follow-up tasks from the converge review of the whole branch against the design (each checked by one more review); 0 turns the review off.
        convergeRounds: z.int().min(0).max(10).default(1),
        // Lanes: up to this many tasks at once, each in a git worktree of its own (docs/parallel.md).
        // Unset: one task at a time, in a worktree (or in the user's checkout with `workspace: checkout`).
        parallel: z.int().min(1).max(16).optional(),
        // Where a run without lanes works: `worktree` (the default; the user's checkout is left alone)
        // or `checkout` (one task at a time on the run branch in the user's checkout, as `--in-checkout`).
        workspace: z.enum(['worktree', 'checkout']).optional(),
        // With lanes: the git remote the run branch travels through, for workers on other machines (docs/many-machines.md).
        remote: z.string().min(1).optional(),
        // With lanes: a command run in each new worktree before it is used (worktrees start without
        // ignored files such as node_modules), e.g. `npm ci`; sandboxed like the tests.
        workspaceSetup: z.string().min(1).optional(),
        // With lanes: how long a task waits for the worker holding its worktree before it starts
        // again on a fresh worktree elsewhere (that worker's machine died); default 60.
        workerLostSeconds: z.int().min(5).max(86_400).optional(),
      })
      .prefault({}),
    budget: z.strictObject({ task: limitSchema.optional(), run: limitSchema.optional() }).prefault({}),
    notify: notifySchema.optional(),
    // MCP servers whose tools the built-in implementer may call (config/mcp-schema.ts).
    mcp: mcpSchema.default({}),
    temporal: z
      .strictObject({
        // Unset: each run and planning gets a task queue of its own (worker/task-queue.ts).
        taskQueue: z.string().min(1).optional(),
        // Refused, not read: every command (status, cancel, list, ...) must reach the same server, and
        // most read no tandem.yaml; the Temporal env config (TEMPORAL_ADDRESS, profiles) is what all read.
        address: z.unknown().optional(),
        namespace: z.unknown().optional(),
      })
      .superRefine((temporal, ctx) => {
        for (const key of ['address', 'namespace'] as const) {
          if (temporal[key] === undefined) continue;
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `the Temporal ${key} is not read from tandem.yaml, so that every tandem command reaches the same server: set ${key === 'address' ? 'TEMPORAL_ADDRESS' : 'TEMPORAL_NAMESPACE'} (or a Temporal profile, TEMPORAL_PROFILE) instead, and remove it here`,
          });
        }
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    // A named endpoint may not shadow a built-in provider: `openai:gpt-5` must mean one thing.
    for (const name of Object.keys(config.providers)) {
      if (BUILTIN_PROVIDER_NAMES.includes(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['providers', name],
          message: `"${name}" is a built-in provider; pick another name (use ${baseUrlVariables().join(' / ')} to move a built-in)`,
        });
      }
    }
  });

/** What users write (every key optional). */
export type TandemConfigInput = z.input<typeof tandemConfigSchema>;
/** The config with defaults applied. */
export type TandemConfig = z.output<typeof tandemConfigSchema>;
export type ProviderEndpoint = z.output<typeof providerSchema>;
export type PriceOverride = z.output<typeof priceSchema>;

/** Defaults for a repo without `tandem.yaml`. */
export const DEFAULT_CONFIG: TandemConfig = tandemConfigSchema.parse({});

/** The top-level keys, for error messages about typos. */
export const TOP_LEVEL_KEYS: readonly string[] = Object.keys(tandemConfigSchema.shape);

/** `test: none` (or `--test none`): the project has no test command, on purpose. */
export const NO_TEST_COMMAND = 'none';

/** The test command a run uses: the flag over the file; `none` and nothing at all both mean no command. */
export function chosenTestCommand(flag: string | undefined, configured: string | undefined): string | undefined {
  const chosen = flag ?? configured;
  return chosen === NO_TEST_COMMAND ? undefined : chosen;
}
