/**
 * Codex's per-call usage, read from its rollout file while the turn runs: the
 * tail passes on only what was appended since it was made, whole lines only;
 * folded, each call counts at once (so a token or dollar limit can stop codex
 * after it), and the turn's own total replaces the calls' sum when it ends.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapCodexEvent } from '../../agents/codex-events.js';
import { codexRolloutTail } from '../../agents/codex-rollout.js';
import { eventsOfStream } from '../../agents/events.js';
import { emptyProgress, foldEvent, type AgentProgress } from '../../agents/progress.js';
import { limitReached } from '../../agents/session.js';
import { agentTandemHome } from '../support/agent-scripts.js';

const THREAD = '01a22cef-e983-73c1-aa89-93106d4490c6';
const PRICE = { inputPerMTok: 1, outputPerMTok: 10 };

/** A rollout line as codex 0.171 wrote it after a model call, trimmed. */
const record = (response: string, input: number, output: number): string =>
  JSON.stringify({ timestamp: '2026-11-30T14:50:50.347Z', type: 'token_usage_record', payload: { thread_id: THREAD, response_id: response, usage: { input_tokens: input, cached_input_tokens: 0, output_tokens: output, total_tokens: input + output } } });
const OTHER = '{"timestamp":"2026-11-30T14:50:50.570Z","type":"event_msg","payload":{"type":"token_count","info":null}}';

function fold(progress: AgentProgress, lines: string[], seen: Set<string>): AgentProgress {
  return eventsOfStream(lines.join('\n'), mapCodexEvent).reduce((p, event) => foldEvent(p, event, seen, PRICE), progress);
}

describe("codex's rollout file", () => {
  it('is read from where it ended when the tail was made, usage lines only, whole lines only', () => {
    const codexHome = agentTandemHome();
    const day = join(codexHome, 'sessions', '2026', '11', '30');
    mkdirSync(day, { recursive: true });
    const file = join(day, `rollout-2026-11-30T14-50-50-${THREAD}.jsonl`);
    // An earlier run of the same session: already counted from the journal.
    writeFileSync(file, `${record('resp_old', 500, 5)}\n`);
    writeFileSync(join(day, 'rollout-2026-11-30T14-00-00-another.jsonl'), `${record('resp_x', 1, 1)}\n`);
    const tail = codexRolloutTail(codexHome);
    expect(tail.read(THREAD)).toEqual([]);
    appendFileSync(file, `${OTHER}\n${record('resp_1', 1000, 10)}\n${record('resp_2', 1100, 10).slice(0, 40)}`);
    expect(tail.read(THREAD)).toEqual([record('resp_1', 1000, 10)]);
    appendFileSync(file, `${record('resp_2', 1100, 10).slice(40)}\n`);
    expect(tail.read(THREAD)).toEqual([record('resp_2', 1100, 10)]);
    expect(tail.read('another-thread')).toEqual([]);
  });

  it('a session that has no rollout yet reads nothing', () => {
    expect(codexRolloutTail(join(agentTandemHome(), 'codex-home')).read(THREAD)).toEqual([]);
  });

  it('each call counts at once; the turn’s own total replaces their sum, and a late line is not counted twice', () => {
    const seen = new Set<string>();
    let progress = fold(emptyProgress(), [`{"type":"thread.started","thread_id":"${THREAD}"}`, record('resp_1', 1000, 10)], seen);
    expect(progress.usage).toMatchObject({ inputTokens: 1000, outputTokens: 10 });
    expect(limitReached(progress, { maxSteps: 10, maxTokens: 2000 })).toBeUndefined();
    progress = fold(progress, [record('resp_2', 1000, 10), record('resp_2', 1000, 10)], seen);
    expect(progress.usage).toMatchObject({ inputTokens: 2000, outputTokens: 20 });
    expect(limitReached(progress, { maxSteps: 10, maxTokens: 2000 })).toBe('token limit reached (2020 ≥ 2000) before the agent finished');
    expect(limitReached(progress, { maxSteps: 10, maxUsd: 0.002 })).toMatch(/^budget reached \(\$0\.0022 ≥ \$0\.0020\)/);
    expect(progress.turns).toBe(0);

    progress = fold(progress, ['{"type":"turn.completed","usage":{"input_tokens":2900,"cached_input_tokens":0,"output_tokens":30}}', record('resp_3', 900, 10)], seen);
    expect(progress.usage).toMatchObject({ inputTokens: 2900, outputTokens: 30 });
    expect(progress.costUsd).toBeCloseTo((2900 + 300) / 1e6, 10);
    expect(progress.turns).toBe(1);
  });

  it('without a rollout, the turn’s total counts as before', () => {
    const progress = fold(emptyProgress(), ['{"type":"turn.completed","usage":{"input_tokens":100,"cached_input_tokens":0,"output_tokens":1}}'], new Set());
    expect(progress.usage).toMatchObject({ inputTokens: 100, outputTokens: 1 });
  });
});
