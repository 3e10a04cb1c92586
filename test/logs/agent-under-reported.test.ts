/** `tandem logs` says when an agent was charged its gateway's figures because its own said less. */
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { formatAgentSession } from '../../cli/logs/format-agent-session.js';
import type { AgentSessionEntry } from '../../cli/journal/journal-model.js';

const colors = pc.createColors(false);
const spend = (inputTokens: number, outputTokens: number, costUsd: number) => ({ inputTokens, outputTokens, cachedInputTokens: 0, costUsd });
const entry: AgentSessionEntry = {
  spec: 'agent:claude-code/claude-sonnet-5-5',
  startedAt: 0,
  finishedAt: 4000,
  sessionId: 's-1',
  resumes: 0,
  events: [],
  result: { finished: true, summary: 'done', lastWords: 'done', exitCode: 0, gitNotes: [] },
  spend: spend(3000, 30, 0.00945),
};

describe('an agent session in tandem logs', () => {
  it('names the billed calls and what the agent claimed when the gateway raised its figures', () => {
    const lines = formatAgentSession({ ...entry, underReported: { calls: 3, reported: spend(3, 3, 0.000001) } }, { full: false, colors });
    expect(lines.join('\n')).toMatch(/charged what Tandem's gateway metered \(3 billed calls\): the agent's own events said .*6 tok/);
  });

  it('says nothing of the kind when the agent reported what it spent', () => {
    expect(formatAgentSession(entry, { full: false, colors }).join('\n')).not.toContain('gateway metered');
  });
});
