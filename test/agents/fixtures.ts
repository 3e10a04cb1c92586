/**
 * Set-up shared by the agent tests: a one-task plan, the configs that put an
 * agent CLI in a role, and a script wrapper that holds one model turn at the
 * fake (so a test can look, or kill the worker, while the session is mid-turn).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { RecordedRequest, ScriptFn } from '../fakes/index.js';
import { turnOf } from '../support/agent-scripts.js';
import { waitFor } from '../support/wait.js';

export const ONE_TASK_PLAN = `# Plan: One

- [ ] T1: Write alpha
  - Details: Create a.txt containing alpha.
  - Acceptance:
    - a.txt contains exactly "alpha"
  - Verify: \`grep -qx alpha a.txt\`
  - Depends on: none
`;

/** Codex CLI implements; Tandem's own review on the Anthropic fake. */
export const CODEX_CONFIG = 'models:\n  implementer: agent:codex/gpt-5.4\n  reviewers: [anthropic:claude-haiku-4-5]\ntest: test -f README.md\n';

/** Claude Code implements; Tandem's own review on the OpenAI fake (another vendor). */
export const CLAUDE_CONFIG = 'models:\n  implementer: agent:claude-code/claude-sonnet-5-5\n  reviewers: [openai:gpt-5-mini]\ntest: test -f README.md\n';

/** A model turn of an agent session: Codex's turns go to /responses, Claude Code's to /messages. */
export function isAgentTurn(request: RecordedRequest): boolean {
  return request.path.endsWith('/responses') || (request.path.endsWith('/messages') && (request.body?.tools ?? []).some((tool: any) => tool.name === 'Bash'));
}

export interface HeldTurn {
  /** Answers as `script` does, but holds the turn after `calls` tool calls until released. */
  script: ScriptFn;
  /** Resolves when the held turn has arrived at the fake. */
  arrived: Promise<void>;
  release(): void;
}

/**
 * Holds the session's turn after `calls` tool calls (by default the second
 * turn, after its first command ran). With `once`, only its first arrival is
 * held: the same turn asked again (after a resume) is answered at once.
 */
export function holdTurn(script: ScriptFn, options: { calls?: number; once?: boolean } = {}): HeldTurn {
  const calls = options.calls ?? 1;
  let arrive: () => void = () => undefined;
  let release: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  const holding: ScriptFn = async (request, index) => {
    if (isAgentTurn(request) && turnOf(request).calls === calls && !(options.once && held)) {
      held = true;
      arrive();
      await released;
    }
    return script(request, index);
  };
  return { script: holding, arrived, release: () => release() };
}

/** The first file called `name` in the journal under a TANDEM_HOME (a one-task run has one), parsed. */
export function readJournalJson(home: string, name: string): any {
  const find = (dir: string): string | undefined => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const found = entry.isFile() ? (entry.name === name ? path : undefined) : entry.isDirectory() ? find(path) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  const file = find(join(home, 'journal'));
  if (file === undefined) throw new Error(`no ${name} in the journal under ${home}`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * heldWithSessionJournaled, then also until Claude Code's own transcript of the session (in the
 * attempt's CLAUDE_CONFIG_DIR under `home`/agents) holds its first tool result. It writes that file as
 * it likes, and a kill before the write makes `--resume` start from less: what a resume can repeat is
 * Claude Code's to save, not Tandem's.
 */
export async function heldWithClaudeTranscript(held: HeldTurn, home: string): Promise<void> {
  await heldWithSessionJournaled(held, home);
  const sessionId = readJournalJson(home, 'agent-session.json').sessionId as string;
  await waitFor(() => transcriptsNamed(join(home, 'agents'), `${sessionId}.jsonl`).some((file) => readFileSync(file, 'utf8').includes('"tool_result"')), "Claude Code's transcript to hold its first tool result");
}

function transcriptsNamed(dir: string, name: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => basename(file) === name).map((file) => join(dir, file));
}

/**
 * Resolves once the held turn reached the fake and the worker has journaled the agent's session id:
 * the state a kill mid-session is meant to test. On a busy machine the worker can read the agent's
 * first event after its next turn reached the fake; a kill before that has no session to resume.
 */
export async function heldWithSessionJournaled(held: HeldTurn, home: string): Promise<void> {
  await held.arrived;
  await waitFor(() => {
    try {
      return typeof readJournalJson(home, 'agent-session.json').sessionId === 'string';
    } catch {
      return false;
    }
  }, 'the worker to journal the session id');
}
