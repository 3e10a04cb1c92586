import { describe, expect, it } from 'vitest';
import { mapClaudeEvent } from '../../agents/claude-events.js';
import { mapCodexEvent } from '../../agents/codex-events.js';
import { eventsOfStream } from '../../agents/events.js';
import { emptyProgress, foldEvent } from '../../agents/progress.js';
import { limitReached } from '../../agents/session.js';

// Lines as the real CLIs printed them against the fakes (codex 0.171, Claude Code 2.1.332), trimmed.
const CODEX = [
  '{"type":"thread.started","thread_id":"01a22bb0-ec24-7c32-825a-c3843de045cd"}',
  '{"type":"item.completed","item":{"id":"item_0","type":"error","message":"Model metadata for `gpt-fake` not found."}}',
  '{"type":"turn.started"}',
  `{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"/bin/bash -lc 'echo hi > hello.txt'","aggregated_output":"","exit_code":null,"status":"in_progress"}}`,
  `{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"/bin/bash -lc 'echo hi > hello.txt'","aggregated_output":"/bin/bash: line 1: /work/outside.txt: Read-only file system\\n","exit_code":1,"status":"completed"}}`,
  '{"type":"item.completed","item":{"id":"item_2","type":"agent_message","text":"Done: wrote hello.txt"}}',
  '{"type":"turn.completed","usage":{"input_tokens":20741,"cached_input_tokens":100,"output_tokens":23,"reasoning_output_tokens":0}}',
].join('\n');

const CLAUDE = [
  '{"type":"system","subtype":"init","session_id":"1518a951-e4c2-4d1c-b12e-f124bc94b1e6","tools":["Bash"]}',
  '{"type":"assistant","message":{"id":"msg_1","model":"claude-fake","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"ls"}}],"usage":{"input_tokens":10,"cache_read_input_tokens":90,"output_tokens":5}}}',
  '{"type":"assistant","message":{"id":"msg_1","model":"claude-fake","content":[{"type":"tool_use","id":"toolu_2","name":"Write","input":{"file_path":"/w/a.txt","content":"x"}}],"usage":{"input_tokens":10,"cache_read_input_tokens":90,"output_tokens":5}}}',
  '{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"hello.txt","is_error":false}]}}',
  '{"type":"assistant","message":{"id":"msg_2","model":"claude-fake","content":[{"type":"text","text":"All done."}],"usage":{"input_tokens":20,"output_tokens":3}}}',
  '{"type":"result","subtype":"success","is_error":false,"num_turns":2,"result":"All done.","total_cost_usd":0.0123,"usage":{"input_tokens":30,"cache_read_input_tokens":90,"output_tokens":8}}',
].join('\n');

function fold(stream: string, map: typeof mapCodexEvent) {
  const seen = new Set<string>();
  return eventsOfStream(stream, map).reduce((progress, event) => foldEvent(progress, event, seen, { inputPerMTok: 1, outputPerMTok: 10 }), emptyProgress());
}

describe('agent event streams', () => {
  it('codex: thread id, the command people wrote, its exit, its words and the turn’s usage priced', () => {
    const events = eventsOfStream(CODEX, mapCodexEvent);
    expect(events).toContainEqual({ kind: 'session', id: '01a22bb0-ec24-7c32-825a-c3843de045cd' });
    expect(events).toContainEqual({ kind: 'tool', summary: '$ echo hi > hello.txt' });
    expect(events).toContainEqual(expect.objectContaining({ kind: 'tool-done', failed: true }));
    const progress = fold(CODEX, mapCodexEvent);
    expect(progress).toMatchObject({ sessionId: '01a22bb0-ec24-7c32-825a-c3843de045cd', toolCalls: 1, turns: 1, lastMessage: 'Done: wrote hello.txt' });
    expect(progress.usage).toMatchObject({ inputTokens: 20741, outputTokens: 23, cachedInputTokens: 100 });
    expect(progress.costUsd).toBeCloseTo((20741 * 1 + 23 * 10) / 1e6, 8);
  });

  it('claude: session id, edits as files, usage counted once per message, its own cost and totals win', () => {
    const progress = fold(CLAUDE, mapClaudeEvent);
    expect(progress).toMatchObject({ sessionId: '1518a951-e4c2-4d1c-b12e-f124bc94b1e6', toolCalls: 2, files: ['/w/a.txt'], turns: 2, lastMessage: 'All done.', result: { ok: true, text: 'All done.' } });
    expect(progress.usage).toMatchObject({ inputTokens: 120, cachedInputTokens: 90, outputTokens: 8 });
    expect(progress.costUsd).toBe(0.0123);
  });

  it('a line that is not JSON is kept as such, not dropped', () => {
    const progress = fold('Reading additional input from stdin...\n{"type":"turn.started"}', mapCodexEvent);
    expect(progress.errors).toEqual(['not JSON: Reading additional input from stdin...']);
  });

  it('limits: steps, tokens and dollars each stop a session', () => {
    const progress = fold(CODEX, mapCodexEvent);
    expect(limitReached(progress, { maxSteps: 5 })).toBeUndefined();
    expect(limitReached({ ...progress, toolCalls: 6 }, { maxSteps: 5 })).toMatch(/step limit reached \(5 steps\)/);
    expect(limitReached(progress, { maxSteps: 5, maxTokens: 10_000 })).toMatch(/token limit reached \(20764 ≥ 10000\)/);
    expect(limitReached(progress, { maxSteps: 5, maxUsd: 0.01 })).toMatch(/budget reached/);
  });
});
