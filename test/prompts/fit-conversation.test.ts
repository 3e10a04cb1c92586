import { describe, expect, it } from 'vitest';
import { fitConversation } from '../../prompts/fit-conversation.js';
import { TOOL_SPECS } from '../../agent-tools/tools.js';
import type { Message } from '../../models/types.js';

const fileText = `export const first = 1;\n${'// filler line of a long file\n'.repeat(2000)}export const last = 2;\n`;
const testOutput = `${'PASS some test\n'.repeat(2000)}FAIL src/slugify.test.ts: expected a_b\n`;
const conversation: Message[] = [
  { role: 'system', content: 'You implement tasks.' },
  { role: 'user', content: 'Task T1: add a separator' },
  { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', rawArguments: '{"path":"src/a.ts"}' }] },
  { role: 'tool', toolCallId: 'c1', name: 'read_file', content: fileText },
  { role: 'assistant', content: '', toolCalls: [{ id: 'c2', name: 'run_command', rawArguments: '{"command":"npm test"}' }] },
  { role: 'tool', toolCallId: 'c2', name: 'run_command', content: testOutput },
];
const tokensOf = (messages: Message[]) => Math.ceil((JSON.stringify(messages).length + JSON.stringify(TOOL_SPECS).length) / 3);

describe('fitConversation', () => {
  it('returns the very same messages while they fit (prompt caching keeps working)', () => {
    const fitted = fitConversation(conversation, TOOL_SPECS, { window: 200_000 });
    expect(fitted.messages).toBe(conversation);
    expect(fitConversation(conversation, TOOL_SPECS, { window: undefined }).messages).toBe(conversation);
  });

  it('cuts tool results to fit an 8k window: a file keeps its start, command output its end', () => {
    const fitted = fitConversation(conversation, TOOL_SPECS, { window: 8192, replyTokens: 1024 });
    expect(tokensOf(fitted.messages) + 1024).toBeLessThanOrEqual(8192);
    const [file, output] = fitted.messages.filter((m) => m.role === 'tool').map((m) => m.content);
    expect(file).toMatch(/^export const first = 1;/);
    expect(file).toContain("characters cut to fit the model's context window]");
    expect(output).toMatch(/FAIL src\/slugify\.test\.ts: expected a_b\n$/);
    // Only tool results change.
    expect(fitted.messages.filter((m) => m.role !== 'tool')).toEqual(conversation.filter((m) => m.role !== 'tool'));
  });

  it('halves the tool results under a cap (the overflow retry)', () => {
    const first = fitConversation(conversation, TOOL_SPECS, { window: 8192, replyTokens: 1024 });
    const second = fitConversation(conversation, TOOL_SPECS, { window: 8192, replyTokens: 1024, maxToolChars: Math.floor(first.toolChars / 2) });
    expect(second.toolChars).toBeLessThan(first.toolChars * 0.6);
  });
});
