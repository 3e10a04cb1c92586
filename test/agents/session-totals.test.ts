/**
 * A journal of several processes of one agent session (a resume after a crash,
 * a retried review) adds up to what the session really cost: codex's turn
 * total counts the whole thread, Claude Code's result counts its process's
 * usage and the saved session's cost.
 */
import { describe, expect, it } from 'vitest';
import { mapClaudeEvent } from '../../agents/claude-events.js';
import { mapCodexEvent } from '../../agents/codex-events.js';
import { eventsOfStream } from '../../agents/events.js';
import { emptyProgress, foldEvent } from '../../agents/progress.js';

const PRICE = { inputPerMTok: 1, outputPerMTok: 10 };

function fold(lines: string[], map: typeof mapCodexEvent) {
  const seen = new Set<string>();
  return eventsOfStream(lines.join('\n'), map).reduce((progress, event) => foldEvent(progress, event, seen, PRICE), emptyProgress());
}

const codexThread = '{"type":"thread.started","thread_id":"t-1"}';
const codexTurn = (input: number, output: number) => `{"type":"turn.completed","usage":{"input_tokens":${input},"cached_input_tokens":0,"output_tokens":${output}}}`;
const claudeInit = '{"type":"system","subtype":"init","session_id":"s-1"}';
const claudeMessage = (id: string, input: number) => `{"type":"assistant","message":{"id":"${id}","model":"claude-fake","content":[],"usage":{"input_tokens":${input},"output_tokens":0}}}`;
const claudeResult = (input: number, costUsd: number) => `{"type":"result","subtype":"success","is_error":false,"num_turns":1,"result":"ok","total_cost_usd":${costUsd},"usage":{"input_tokens":${input},"output_tokens":0}}`;

describe('a session journaled by several processes', () => {
  it("codex: a resumed thread's turn total includes the earlier turns, so it replaces them", () => {
    // Process 1 made one call of 1,000 tokens; the resumed process one more: codex reports 2,000 for the thread.
    const progress = fold([codexThread, codexTurn(1000, 10), codexThread, codexTurn(2000, 20)], mapCodexEvent);
    expect(progress.usage).toMatchObject({ inputTokens: 2000, outputTokens: 20 });
    expect(progress.costUsd).toBeCloseTo((2000 * 1 + 20 * 10) / 1e6);
    expect(progress.turns).toBe(2);
  });

  it('claude-code: two clean processes, each result counting its own usage and the session cost', () => {
    const progress = fold([claudeInit, claudeMessage('m1', 1000), claudeResult(1000, 0.003), claudeInit, claudeMessage('m2', 1000), claudeResult(1000, 0.0063)], mapClaudeEvent);
    expect(progress.usage.inputTokens).toBe(2000);
    expect(progress.costUsd).toBeCloseTo(0.0063);
  });

  it('claude-code: a killed process never saved its cost, so what it spent is added to the next result', () => {
    // Process 1 was killed after a 1,000-token call (priced here); the resumed session's cost leaves it out.
    const progress = fold([claudeInit, claudeMessage('m1', 1000), claudeInit, claudeMessage('m2', 500), claudeResult(500, 0.002)], mapClaudeEvent);
    expect(progress.usage.inputTokens).toBe(1500);
    expect(progress.costUsd).toBeCloseTo(1000 / 1e6 + 0.002);
  });
});
