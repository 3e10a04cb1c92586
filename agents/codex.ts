/**
 * Codex CLI, headless: `codex exec --json`, or `codex exec resume <thread> --json`.
 * Each session gets its own CODEX_HOME with a generated config.toml: the role's
 * endpoint as the only model provider (Responses API, the key read from a key
 * variable of Tandem's), no approvals, and commands' environments stripped of
 * keys. Codex reads the repository's AGENTS.md itself.
 *
 * With Tandem's sandbox (bwrap, the default), codex runs inside it as Claude
 * Code does (claude-code.ts): exec/sandbox.ts around the whole agent, without a
 * network, its API reached through Tandem's gateway (api-gateway.ts), which
 * forwards POST /responses only and adds the key outside. Codex's own sandbox
 * lets commands read the whole filesystem (~/.ssh, other runs' journals), and
 * it is bubblewrap too, which runs inside another only where the host allows
 * nested user namespaces; Tandem's mounts nothing of the host but the system,
 * the toolchains, the workspace (read-only for a review) and the session's own
 * CODEX_HOME and TMPDIR. So codex's sandbox is off there (`danger-full-access`):
 * Tandem's is the confinement.
 *
 * With `sandbox: none` (the user's choice), codex confines itself:
 * `workspace-write` (implement) or `read-only` (review), no network for
 * commands. Left alone, its workspace-write lets commands write /tmp and
 * $TMPDIR too: both are excluded, and TMPDIR is a directory of the session's
 * own (next to CODEX_HOME, outside /tmp, which codex's bwrap needs for its
 * helper aliases) that is the one writable root besides the workspace. In
 * either case scratch files work, nothing lands where another session or the
 * host can see it, and nothing lands in the user's tree either (a scratch dir
 * inside the workspace would show in `git status` and could be folded into the
 * task's commit).
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sandboxPolicy } from '../contracts/sandbox.js';
import { bwrapArgs } from '../exec/sandbox.js';
import { GATEWAY_PLACEHOLDER_KEY, planApiGateway } from './api-gateway.js';
import { findAgentBinary } from './binary.js';
import { mapCodexEvent } from './codex-events.js';
import { codexRolloutTail } from './codex-rollout.js';
import { FORWARDER_URL, forwarderCommand } from './gateway-forwarder.js';
import { OPENAI_RESPONSES_API } from './gateway-routes.js';
import { apiKey, baseEnv, type AgentLaunch, type AgentLaunchInput } from './launch.js';

const KEY_VARIABLE = 'TANDEM_CODEX_API_KEY';
const OPENAI_API = 'https://api.openai.com/v1';
/**
 * What the model is told of its sandbox inside Tandem's, in place of codex's own permissions text,
 * which for `danger-full-access` says there is none and the network is on.
 */
const SANDBOX_NOTE_FOR_MODEL: Record<AgentLaunchInput['mode'], string> = {
  implement: "Your commands run in Tandem's sandbox: they may write the workspace (not its .git) and $TMPDIR, nothing else they write outlives them, the rest of the host is read-only or absent, and there is no network. Approval policy is never: no command is escalated or approved.",
  review: "Your commands run in Tandem's sandbox: they may read the workspace but not write it, and may write $TMPDIR; nothing else they write outlives them, the rest of the host is read-only or absent, and there is no network. Approval policy is never: no command is escalated or approved.",
};

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
  const env: NodeJS.ProcessEnv = { ...baseEnv(input, binary.pathDirs), TMPDIR: tmpDir, CODEX_HOME: codexHome, ...(key !== undefined ? { [KEY_VARIABLE]: key } : {}) };
  // Made before codex starts, so only this run's model calls are read from its rollout.
  const own = { binary: binary.file, cwd: input.workspace, mapEvent: mapCodexEvent, tail: codexRolloutTail(codexHome) };
  if (!inTandemSandbox(input)) return { ...own, file: binary.file, args, env };

  const home = realpathSync(input.home);
  const [realCodexHome, realTmpDir] = [realpathSync(codexHome), realpathSync(tmpDir)];
  const gateway = planApiGateway({ api: OPENAI_RESPONSES_API, upstream: codexEndpoint(input), key });
  // Inside, the key is a placeholder (the gateway adds the real one) and HOME a fresh tmpfs, with only
  // CODEX_HOME and TMPDIR of the session directory bound in it.
  const sandboxEnv = { ...env, HOME: home, CODEX_HOME: realCodexHome, TMPDIR: realTmpDir, ...(key !== undefined ? { [KEY_VARIABLE]: GATEWAY_PLACEHOLDER_KEY } : {}) };
  const workspace = realpathSync(input.workspace);
  const readOnly = (dir: string) => ['--ro-bind', dir, dir];
  const writable = (dir: string) => ['--bind', dir, dir];
  const sandboxed = bwrapArgs({
    workspace,
    cwd: workspace,
    env: sandboxEnv,
    sandbox: input.sandbox,
    readOnlyWorkspace: input.mode === 'review',
    agent: {
      // Its binary and helpers (rg), node for the forwarder, its own state and scratch, the gateway's socket.
      mounts: [
        ...readOnly(path.dirname(realpathSync(binary.file))),
        ...binary.pathDirs.flatMap((dir) => readOnly(realpathSync(dir))),
        ...readOnly(process.execPath),
        ...writable(realCodexHome),
        ...writable(realTmpDir),
        ...writable(gateway.dir),
      ],
      tmpDir: realTmpDir,
    },
  });
  const command = forwarderCommand(process.execPath, gateway.socketPath, [binary.file, ...args]);
  return { ...own, file: 'bwrap', args: [...sandboxed, ...command], env: sandboxEnv, gateway };
}

/** The session's scratch directory, its commands' TMPDIR: inside the Tandem-owned session home. */
export function sessionTmpDir(input: Pick<AgentLaunchInput, 'home'>): string {
  return path.resolve(input.home, 'tmp');
}

/** config.toml for one session. Values are TOML strings, so quoting goes through JSON (a subset for these). */
export function codexConfig(input: AgentLaunchInput): string {
  const confined = inTandemSandbox(input);
  const lines = [
    `model = ${JSON.stringify(input.model.model)}`,
    'model_provider = "tandem"',
    'approval_policy = "never"',
    `sandbox_mode = ${JSON.stringify(confined ? 'danger-full-access' : input.mode === 'review' ? 'read-only' : 'workspace-write')}`,
    ...(input.model.reasoningEffort ? [`model_reasoning_effort = ${JSON.stringify(input.model.reasoningEffort)}`] : []),
    ...(confined ? ['include_permissions_instructions = false', `developer_instructions = ${JSON.stringify(SANDBOX_NOTE_FOR_MODEL[input.mode])}`] : []),
    '',
    '[model_providers.tandem]',
    `name = ${JSON.stringify(input.model.providerName)}`,
    // Inside Tandem's sandbox the only way out is the gateway's forwarder, on the sandbox's own loopback.
    `base_url = ${JSON.stringify(confined ? FORWARDER_URL : codexEndpoint(input))}`,
    `env_key = ${JSON.stringify(KEY_VARIABLE)}`,
    'wire_api = "responses"',
    '',
    ...(confined ? [] : ownSandboxTable(input)),
    // Commands the agent runs see no key, token or secret, whatever they are called.
    '[shell_environment_policy]',
    'inherit = "core"',
    'exclude = ["*KEY*", "*TOKEN*", "*SECRET*"]',
    '',
  ];
  return lines.join('\n');
}

/** Codex's own workspace-write sandbox, used with `sandbox: none` only. */
function ownSandboxTable(input: AgentLaunchInput): string[] {
  return [
    '[sandbox_workspace_write]',
    'network_access = false',
    // Not /tmp nor the TMPDIR codex was started with: only the workspace and the session's own scratch dir.
    'exclude_slash_tmp = true',
    'exclude_tmpdir_env_var = true',
    `writable_roots = [${JSON.stringify(sessionTmpDir(input))}]`,
    '',
  ];
}

/** The role's endpoint: its base URL, ending in /v1 as OPENAI_BASE_URL does. */
function codexEndpoint(input: AgentLaunchInput): string {
  return input.model.baseUrl ?? input.env.OPENAI_BASE_URL ?? OPENAI_API;
}

/** Tandem's bwrap confines codex unless the user chose `sandbox: none`. */
function inTandemSandbox(input: AgentLaunchInput): boolean {
  return sandboxPolicy(input.sandbox).kind !== 'none';
}
