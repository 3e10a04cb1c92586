/**
 * Claude Code, headless: `claude -p … --output-format stream-json --verbose`, or
 * with `--resume <session>`. Its own state (sessions, settings) lives in a
 * Tandem-owned CLAUDE_CONFIG_DIR, so a resume on another worker of this host
 * finds it. Implementing, it may use its edit tools and Bash (`acceptEdits`,
 * an allow-list); reviewing, only its read tools. Confinement is Tandem's
 * bubblewrap sandbox (exec/sandbox.ts) around the whole agent, without a
 * network: its API is reached through Tandem's gateway (api-gateway.ts), which
 * forwards its model calls only, to the role's endpoint, and adds the key
 * outside, so neither the agent nor its commands see the key or reach another
 * host or another route of the endpoint's. Its commands can
 * write the workspace and nothing else, and cannot touch .git. Claude Code
 * reads CLAUDE.md itself (and, through its built-in plugin, AGENTS.md).
 */
import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { sandboxPolicy } from '../contracts/sandbox.js';
import { bwrapArgs } from '../exec/sandbox.js';
import { GATEWAY_PLACEHOLDER_KEY, planApiGateway } from './api-gateway.js';
import { findAgentBinary } from './binary.js';
import { FORWARDER_URL, forwarderCommand } from './gateway-forwarder.js';
import { ANTHROPIC_MESSAGES_API } from './gateway-routes.js';
import { mapClaudeEvent } from './claude-events.js';
import { apiKey, baseEnv, type AgentLaunch, type AgentLaunchInput } from './launch.js';

const IMPLEMENT_TOOLS = ['Bash', 'Edit', 'MultiEdit', 'Write', 'Read', 'Glob', 'Grep', 'LS', 'TodoWrite'];
const REVIEW_TOOLS = ['Read', 'Glob', 'Grep', 'LS'];
/** Tools that reach outside the workspace or start other agents: never, in either mode. */
const NEVER = ['WebFetch', 'WebSearch', 'Task', 'Agent'];
const ANTHROPIC_API = 'https://api.anthropic.com';

export function claudeLaunch(input: AgentLaunchInput): AgentLaunch {
  const binary = findAgentBinary('claude-code', input.env);
  const configDir = path.join(input.home, 'claude-config');
  mkdirSync(configDir, { recursive: true });
  const allowed = input.mode === 'review' ? REVIEW_TOOLS : IMPLEMENT_TOOLS;
  const args = [
    '-p', input.prompt,
    '--output-format', 'stream-json', '--verbose',
    '--model', input.model.model,
    '--permission-mode', input.mode === 'review' ? 'default' : 'acceptEdits',
    '--allowedTools', allowed.join(','),
    '--disallowedTools', [...NEVER, ...(input.mode === 'review' ? ['Bash', 'Edit', 'MultiEdit', 'Write', 'NotebookEdit'] : [])].join(','),
    ...(input.maxTurns !== undefined ? ['--max-turns', String(input.maxTurns)] : []),
    ...(input.resumeId ? ['--resume', input.resumeId] : []),
  ];
  const key = apiKey(input);
  const baseUrl = input.model.baseUrl ?? input.env.ANTHROPIC_BASE_URL;
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(input, binary.pathDirs),
    CLAUDE_CONFIG_DIR: configDir,
    ...(key !== undefined ? { ANTHROPIC_API_KEY: key } : {}),
    ...(baseUrl ? { ANTHROPIC_BASE_URL: baseUrl } : {}),
    // No auto-update, telemetry or error reports from an unattended run.
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  };
  if (sandboxPolicy(input.sandbox).kind === 'none') return { file: binary.file, binary: binary.file, args, env, cwd: input.workspace, mapEvent: mapClaudeEvent };
  const home = realpathSync(input.home);
  const binaryDir = path.dirname(realpathSync(binary.file));
  const gateway = planApiGateway({ api: ANTHROPIC_MESSAGES_API, upstream: baseUrl ?? ANTHROPIC_API, key });
  // Inside, the key is a placeholder and the base URL the forwarder's: the gateway adds the real key.
  const sandboxEnv = { ...env, HOME: home, ANTHROPIC_BASE_URL: FORWARDER_URL, ...(key !== undefined ? { ANTHROPIC_API_KEY: GATEWAY_PLACEHOLDER_KEY } : {}) };
  const sandboxed = bwrapArgs({
    workspace: realpathSync(input.workspace),
    cwd: realpathSync(input.workspace),
    env: sandboxEnv,
    sandbox: input.sandbox,
    // A reviewer's tools are read-only, and so is its worktree: nothing it runs can change what it reviews.
    readOnlyWorkspace: input.mode === 'review',
    agent: { mounts: ['--ro-bind', binaryDir, binaryDir, '--bind', home, home, '--bind', gateway.dir, gateway.dir, '--ro-bind', process.execPath, process.execPath] },
  });
  const command = forwarderCommand(process.execPath, gateway.socketPath, [binary.file, ...args]);
  return { file: 'bwrap', binary: binary.file, args: [...sandboxed, ...command], env: sandboxEnv, cwd: input.workspace, mapEvent: mapClaudeEvent, gateway };
}
