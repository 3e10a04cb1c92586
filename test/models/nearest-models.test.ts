import { describe, expect, it } from 'vitest';
import { editDistance, nearestModelNames } from '../../models/nearest-models.js';
import { ANTHROPIC_MODELS, OPENAI_MODELS } from '../../models/providers/known-models.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours', () => {
    expect(editDistance('gpt-5.6-sol', 'gpt-5.6-sol')).toBe(0);
    expect(editDistance('gpt-5.6-sool', 'gpt-5.6-sol')).toBe(1);
    expect(editDistance('gpt-5.6-slo', 'gpt-5.6-sol')).toBe(1);
    expect(editDistance('claude-opus-4-1', 'claude-opus-4-8')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('nearestModelNames', () => {
  it('suggests the intended current model for a typo', () => {
    expect(nearestModelNames('gpt-5.6-sool', OPENAI_MODELS)[0]).toBe('gpt-5.6-sol');
    expect(nearestModelNames('claude-sonet-5-5', ANTHROPIC_MODELS)[0]).toBe('claude-sonnet-5-5');
  });

  it('suggests current models for a retired one, newest first among equals, never a dated snapshot', () => {
    expect(nearestModelNames('claude-opus-4-1', ANTHROPIC_MODELS)).toEqual(['claude-opus-4-8', 'claude-opus-4-7', 'claude-opus-4-6']);
    for (const name of nearestModelNames('gpt-5.4-min', OPENAI_MODELS)) expect(name).not.toMatch(/\d{4}-\d{2}-\d{2}$/);
  });

  it('suggests nothing for a name unlike any listed one', () => {
    expect(nearestModelNames('qwen2.5-coder:32b', ANTHROPIC_MODELS)).toEqual([]);
    expect(nearestModelNames('anything', [])).toEqual([]);
  });
});
