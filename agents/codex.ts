/**
 * Codex CLI, headless: `codex exec --json`, or `codex exec resume <thread> --json`.
 * Each session gets its own CODEX_HOME (outside /tmp, which codex's bwrap sandbox
 * needs for its helper aliases) with a generated config.toml: the role's endpoint
 * as the only model provider (Responses API, the key read from the role's key
 * variable), `workspace-write` (implement) or `read-only` (review) sandboxing with
 * no network for commands, no approvals, and commands' environments stripped of
 * keys. Codex reads the repository's AGENTS.md itself.
 *
 * Codex's workspace-write sandbox lets commands write /tmp and $TMPDIR as well as
 * the workspace, unless told otherwise: both are excluded, and TMPDIR is a
 * directory of the session's own (next to CODEX_HOME, outside /tmp) that is the
 * one writable root besides the workspace. So scratch files work, nothing lands
 * where another session or the host can see it, and nothing lands in the user's
 * tree either (a scratch dir inside the workspace would show in `git status` and
 * could be folded into the task's commit).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findAgentBinary } from './binary.js';
import { mapCodexEvent } from './codex-events.js';
import { codexRolloutTail } from './codex-rollout.js';
import { apiKey, baseEnv, type AgentLaunch, type AgentLaunchInput } from './launch.js';

const KEY_VARIABLE = 'TANDEM_CODEX_API_KEY';
const OPENAI_API = 'https://api.openai.com/v1';

export function codexLaunch(input: AgentLaunchInput): AgentLaunch {
  const binary = findAgentBinary('codex', input.env);
  const codexHome = path.join(input.home, 'codex-home');
  mkdirSync(codexHome, { recursive: true });
  const tmpDir = sessionTmpDir(input);
  mkdirSync(tmpDir, { recursive: true });
  writeFileSync(path.join(codexHome, 'config.toml'), codexConfig(input));
  const common = ['--json', '--skip-git-repo-check'];
  const args = input.resumeId ? ['exec', 'resume', ...common, input.resumeId, input.prompt] : ['exec', ...common, input.prompt];
  const key = apiKey(input);
  return {
    file: binary.file,
    binary: binary.file,
    args,
    env: { ...baseEnv(input, binary.pathDirs), TMPDIR: tmpDir, CODEX_HOME: codexHome, ...(key !== undefined ? { [KEY_VARIABLE]: key } : {}) },
    cwd: input.workspace,
    mapEvent: mapCodexEvent,
    // Made before codex starts, so only this run's model calls are read from its rollout.
    tail: codexRolloutTail(codexHome),
  };
}

/** The session's scratch directory, its commands' TMPDIR: inside the Tandem-owned session home. */
export function sessionTmpDir(input: Pick<AgentLaunchInput, 'home'>): string {
  return path.resolve(input.home, 'tmp');
}

/** config.toml for one session. Values are TOML strings, so quoting goes through JSON (a subset for these). */
export function codexConfig(input: AgentLaunchInput): string {
  const baseUrl = input.model.baseUrl ?? input.env.OPENAI_BASE_URL ?? OPENAI_API;
  const lines = [
    `model = ${JSON.stringify(input.model.model)}`,
    'model_provider = "tandem"',
    'approval_policy = "never"',
    `sandbox_mode = ${JSON.stringify(input.mode === 'review' ? 'read-only' : 'workspace-write')}`,
    ...(input.model.reasoningEffort ? [`model_reasoning_effort = ${JSON.stringify(input.model.reasoningEffort)}`] : []),
    '',
    '[model_providers.tandem]',
    `name = ${JSON.stringify(input.model.providerName)}`,
    `base_url = ${JSON.stringify(baseUrl)}`,
    `env_key = ${JSON.stringify(KEY_VARIABLE)}`,
    'wire_api = "responses"',
    '',
    '[sandbox_workspace_write]',
    'network_access = false',
    // Not /tmp nor the TMPDIR codex was started with: only the workspace and the session's own scratch dir.
    'exclude_slash_tmp = true',
    'exclude_tmpdir_env_var = true',
    `writable_roots = [${JSON.stringify(sessionTmpDir(input))}]`,
    '',
    // Commands the agent runs see no key, token or secret, whatever they are called.
    '[shell_environment_policy]',
    'inherit = "core"',
    'exclude = ["*KEY*", "*TOKEN*", "*SECRET*"]',
    '',
  ];
  return lines.join('\n');
}
