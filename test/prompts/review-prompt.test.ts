import { describe, expect, it } from 'vitest';
import { reviewPrompt, type ReviewPromptInput } from '../../prompts/review-prompt.js';

describe('reviewPrompt', () => {
  const input: ReviewPromptInput = {
    system: 'You review code.',
    template: 'Task {{taskId}}\nTests:\n{{checks}}\nDiff{{diffNote}}:\n{{diff}}',
    fields: { taskId: 'T1', title: 't', details: '', acceptance: '- a', implementSummary: 's', changes: 'a.txt' },
    checks: [{ command: 'npm test', status: 'exit 1 in 2.0 s', output: `${'ok\n'.repeat(5000)}AssertionError: boom` }],
    diff: `+${'line\n+'.repeat(20_000)}`,
    diffTruncated: false,
  };
  const user = (p: { messages: { content: string }[] }) => p.messages[1]!.content;

  it('sends everything (test output tailed) when the window is unknown', () => {
    const prompt = reviewPrompt(input, undefined);
    expect(prompt.trimmed).toBe(false);
    expect(user(prompt)).toContain(input.diff);
    expect(user(prompt)).toContain('AssertionError: boom');
  });

  it('fits an 8k window, keeps the failure, and says what was cut', () => {
    const prompt = reviewPrompt(input, 8192);
    const text = prompt.messages.map((m) => m.content).join('\n');
    expect(prompt.trimmed).toBe(true);
    expect(Math.ceil(text.length / 3) + 1500).toBeLessThanOrEqual(8192);
    expect(text).toContain("Diff (cut to fit the reviewer's context window");
    expect(text).toContain("characters cut to fit the model's context window]");
    expect(text).toContain('AssertionError: boom');
  });

  it('halves again under a cap (the overflow retry)', () => {
    const first = reviewPrompt(input, 8192);
    const second = reviewPrompt(input, 8192, Math.floor(first.partsChars / 2));
    expect(second.partsChars).toBeLessThan(first.partsChars * 0.6);
  });
});
