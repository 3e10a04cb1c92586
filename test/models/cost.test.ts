import { describe, expect, it } from 'vitest';
import { costOf, DEFAULT_PRICES, priceFor } from '../../models/cost.js';

describe('costOf', () => {
  const price = { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3 };

  it('bills fresh input, cached input and output separately', () => {
    expect(costOf({ inputTokens: 1_000_000, cachedInputTokens: 500_000, outputTokens: 100_000 }, price)).toBeCloseTo(1.5 + 0.15 + 1.5, 10);
  });

  it('bills cached input at the input price when no cached price is given', () => {
    expect(costOf({ inputTokens: 1_000_000, cachedInputTokens: 1_000_000, outputTokens: 0 }, { inputPerMTok: 2, outputPerMTok: 8 })).toBe(2);
  });

  it('is 0 for an unknown price', () => {
    expect(costOf({ inputTokens: 10, cachedInputTokens: 0, outputTokens: 10 })).toBe(0);
  });
});

describe('priceFor', () => {
  it('prefers the configured price', () => {
    const price = { inputPerMTok: 9, outputPerMTok: 9 };
    expect(priceFor({ kind: 'openai', model: 'gpt-5', price })).toBe(price);
  });

  it('matches dated snapshots by prefix, longest first', () => {
    expect(priceFor({ kind: 'anthropic', model: 'claude-sonnet-4-5-20250929' })).toBe(DEFAULT_PRICES['anthropic:claude-sonnet-4-5']);
    expect(priceFor({ kind: 'openai', model: 'gpt-5-mini-2025-08-07' })).toBe(DEFAULT_PRICES['openai:gpt-5-mini']);
  });

  it('makes local models free and leaves unknown paid models undefined', () => {
    expect(priceFor({ kind: 'openai-compatible', model: 'qwen2.5-coder:32b' })).toEqual({ inputPerMTok: 0, outputPerMTok: 0 });
    expect(priceFor({ kind: 'openai', model: 'gpt-99' })).toBeUndefined();
  });

  it('covers the common models', () => {
    for (const spec of ['openai:gpt-5', 'openai:gpt-5-mini', 'openai:gpt-5-nano', 'openai:gpt-4.1', 'openai:gpt-4.1-mini', 'openai:o3', 'openai:o4-mini',
      'anthropic:claude-opus-4-1', 'anthropic:claude-sonnet-4-5', 'anthropic:claude-haiku-4-5', 'anthropic:claude-3-5-haiku']) {
      expect(DEFAULT_PRICES[spec], spec).toBeDefined();
    }
  });
});
