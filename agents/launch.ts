/** What starting one agent process takes, whichever agent: built by codex.ts and claude-code.ts, run by run-agent.ts. */
import type { ResolvedModel } from '../models/types.js';
import type { SandboxSetting } from '../contracts/sandbox.js';
import type { ApiGatewaySpec } from './api-gateway.js';
import type { AgentEvent } from './events.js';

export interface AgentLaunch {
  file: string;
  /** The agent's own binary (file may be a sandbox around it), to recognise its process later. */
  binary: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Maps one JSON line of the agent's stdout (or of its tail) to events. */
  mapEvent(event: Record<string, any>): AgentEvent[];
  /** The gateway to its API, opened for the process's lifetime (a sandboxed agent has no network). */
  gateway?: ApiGatewaySpec;
  /** A file the agent writes as it works, read while it runs so its usage counts before its stdout says so (codex's rollout). */
  tail?: AgentTail;
}

/** New JSON lines of an agent's side file since the last read; nothing until the session has a file. */
export interface AgentTail {
  read(sessionId: string): string[];
}

export interface AgentLaunchInput {
  model: ResolvedModel;
  /** The task's working tree. */
  workspace: string;
  /** A Tandem-owned directory that outlives the worker: the agent's home, config and session files. */
  home: string;
  prompt: string;
  /** `implement` may edit the workspace; `review` may only read it. */
  mode: 'implement' | 'review';
  /** Continue this session instead of starting one (after a worker crash). */
  resumeId?: string;
  /** The most turns the agent may take, where it can be told. */
  maxTurns?: number;
  /** Tandem's sandbox setting: both agents run inside it; with `none`, codex falls back on its own. */
  sandbox: SandboxSetting;
  /** The environment Tandem runs in: the key and base-URL variables are read from it, nothing else is passed on. */
  env: NodeJS.ProcessEnv;
}

/** The variables every agent gets: a PATH, a locale and a home of its own; never the caller's other variables. */
export function baseEnv(input: AgentLaunchInput, pathDirs: readonly string[]): NodeJS.ProcessEnv {
  const path = [...pathDirs, input.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(':');
  return { PATH: path, HOME: input.home, LANG: input.env.LANG ?? 'C.UTF-8', TERM: 'dumb', TMPDIR: input.env.TMPDIR ?? '/tmp' };
}

/** The key variable's value, from the role's endpoint (apiKeyEnv) as Tandem resolved it. */
export function apiKey(input: AgentLaunchInput): string | undefined {
  return input.model.apiKeyEnv === undefined ? undefined : input.env[input.model.apiKeyEnv];
}
