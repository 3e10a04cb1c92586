import { describe, expect, it } from 'vitest';
import pc from 'picocolors';
import { parseAttempt } from '../../cli/journal/parse-attempt.js';
import { formatAttempt } from '../../cli/logs/format-attempt.js';
import type { ModelStepRecord } from '../../journal/records.js';

const step: ModelStepRecord = {
  startedAt: 1_000,
  finishedAt: 2_000,
  text: 'I will not change anything.',
  reasoningText: `The user wants a separator option.\nFirst I should read slugify.ts. ${'More thinking. '.repeat(40)}`,
  toolCalls: [],
  stopReason: 'end',
  modelId: 'smollm2-135m',
  usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 0 },
  costUsd: 0,
};

describe('tandem logs shows the reasoning a compatible server sent', () => {
  const files = { 'step-001.model.json': JSON.stringify(step) };
  const attempt = parseAttempt('T1', 1, files, []);
  const colors = pc.createColors(false);

  it('on one clipped line by default, before the reply', () => {
    const text = formatAttempt(attempt, { full: false, colors });
    expect(text).toContain('┊ reasoning: The user wants a separator option. First I should read slugify.ts.');
    expect(text).not.toContain('More thinking. '.repeat(40).trim());
    expect(text.indexOf('reasoning:')).toBeLessThan(text.indexOf('I will not change anything.'));
  });

  it('in full with --full', () => {
    const text = formatAttempt(attempt, { full: true, colors });
    expect(text).toContain('More thinking. '.repeat(39).trim());
  });

  it('and nothing when the step had none', () => {
    const plain = parseAttempt('T1', 1, { 'step-001.model.json': JSON.stringify({ ...step, reasoningText: undefined }) }, []);
    expect(formatAttempt(plain, { full: false, colors })).not.toContain('reasoning:');
  });
});
