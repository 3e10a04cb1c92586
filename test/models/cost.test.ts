import { describe, expect, it } from 'vitest';
import { addUsage, costOf, DEFAULT_PRICES, priceFor } from '../../models/cost.js';
import { keyedVendors } from '../../models/providers/registry.js';

describe('costOf', () => {
  const price = { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75 };

  it('bills fresh input, cached input and output separately', () => {
    expect(costOf({ inputTokens: 1_000_000, cachedInputTokens: 500_000, outputTokens: 100_000 }, price)).toBeCloseTo(1.5 + 0.15 + 1.5, 10);
  });

  it('bills cache writes at the write price, and cache reads at the read price', () => {
    // 1M input: 200K read from the cache, 300K written to it, 500K fresh.
    const usage = { inputTokens: 1_000_000, cachedInputTokens: 200_000, cacheWriteInputTokens: 300_000, outputTokens: 0 };
    expect(costOf(usage, price)).toBeCloseTo(0.5 * 3 + 0.2 * 0.3 + 0.3 * 3.75, 10);
  });

  it('bills cache writes at the input price when no write price is given', () => {
    const usage = { inputTokens: 1_000_000, cachedInputTokens: 0, cacheWriteInputTokens: 1_000_000, outputTokens: 0 };
    expect(costOf(usage, { inputPerMTok: 2, outputPerMTok: 8 })).toBe(2);
  });

  it('bills cached input at the input price when no cached price is given', () => {
    expect(costOf({ inputTokens: 1_000_000, cachedInputTokens: 1_000_000, outputTokens: 0 }, { inputPerMTok: 2, outputPerMTok: 8 })).toBe(2);
  });

  it('is 0 for an unknown price', () => {
    expect(costOf({ inputTokens: 10, cachedInputTokens: 0, outputTokens: 10 })).toBe(0);
  });
});

describe('addUsage', () => {
  it('adds cache writes and stays estimated when either call was', () => {
    const a = { inputTokens: 10, outputTokens: 1, cachedInputTokens: 2, cacheWriteInputTokens: 3 };
    const b = { inputTokens: 5, outputTokens: 1, cachedInputTokens: 0, estimated: true as const };
    expect(addUsage(a, b)).toEqual({ inputTokens: 15, outputTokens: 2, cachedInputTokens: 2, cacheWriteInputTokens: 3, estimated: true });
    expect(addUsage(b, b).estimated).toBe(true);
    expect(addUsage(a, a)).not.toHaveProperty('estimated');
  });
});

describe('priceFor', () => {
  it('prefers the configured price', () => {
    const price = { inputPerMTok: 9, outputPerMTok: 9 };
    expect(priceFor({ kind: 'openai', model: 'gpt-5', price })).toBe(price);
  });

  it('prices a dated snapshot as its base model', () => {
    expect(priceFor({ kind: 'anthropic', model: 'claude-sonnet-5-5-20260101' })).toBe(DEFAULT_PRICES['anthropic:claude-sonnet-5-5']);
    expect(priceFor({ kind: 'anthropic', model: 'claude-haiku-4-5-20251001' })).toBe(DEFAULT_PRICES['anthropic:claude-haiku-4-5']);
    expect(priceFor({ kind: 'openai', model: 'gpt-5-mini-2025-08-07' })).toBe(DEFAULT_PRICES['openai:gpt-5-mini']);
    expect(priceFor({ kind: 'openai', model: 'gpt-5.4-mini-2026-03-17' })).toBe(DEFAULT_PRICES['openai:gpt-5.4-mini']);
  });

  it('never prices a newer or different model at an older one\'s rate', () => {
    // Each has a listed prefix (gpt-5, gpt-5-codex, claude-opus-5, claude-sonnet-5) but is another model.
    for (const model of ['gpt-5.6-nova', 'gpt-5-pro', 'gpt-5-codex-max', 'gpt-5-chat-latest']) {
      expect(priceFor({ kind: 'openai', model }), model).toBeUndefined();
    }
    for (const model of ['claude-opus-5-9', 'claude-sonnet-5-7', 'claude-opus-4-9']) {
      expect(priceFor({ kind: 'anthropic', model }), model).toBeUndefined();
    }
    expect(priceFor({ kind: 'openai', model: 'gpt-5.6-sol' })).toEqual({ inputPerMTok: 5, cachedInputPerMTok: 0.5, cacheWritePerMTok: 6.25, outputPerMTok: 30 });
  });

  it('makes servers on this machine free and leaves hosted endpoints and unknown paid models undefined', () => {
    const free = { inputPerMTok: 0, outputPerMTok: 0 };
    expect(priceFor({ kind: 'openai-compatible', providerName: 'ollama', model: 'qwen2.5-coder:32b' })).toEqual(free);
    expect(priceFor({ kind: 'openai-compatible', providerName: 'gpu', model: 'm', baseUrl: 'http://127.0.0.1:8000/v1' })).toEqual(free);
    expect(priceFor({ kind: 'openai-compatible', providerName: 'gpu', model: 'm', baseUrl: 'http://localhost:8080/v1' })).toEqual(free);
    expect(priceFor({ kind: 'openai-compatible', providerName: 'gpu', model: 'm', baseUrl: 'http://[::1]:8080/v1' })).toEqual(free);
    expect(priceFor({ kind: 'openai-compatible', providerName: 'together', model: 'm', baseUrl: 'https://api.together.xyz/v1' })).toBeUndefined();
    expect(priceFor({ kind: 'openai-compatible', providerName: 'ollama', model: 'q', baseUrl: 'https://ollama.example.com/v1' })).toBeUndefined();
    expect(priceFor({ kind: 'openai', model: 'gpt-99' })).toBeUndefined();
    expect(priceFor({ kind: 'scripted', providerName: 'scripted', model: 'demo' })).toEqual(free);
  });

  it('has a price for every default model, with cache writes for Anthropic', () => {
    for (const vendor of keyedVendors()) {
      for (const spec of [vendor.defaultRoles.planner, vendor.defaultRoles.implementer, ...vendor.defaultRoles.reviewers]) {
        expect(DEFAULT_PRICES[spec], spec).toBeDefined();
        if (vendor.name === 'anthropic') expect(DEFAULT_PRICES[spec]!.cacheWritePerMTok, spec).toBe(DEFAULT_PRICES[spec]!.inputPerMTok * 1.25);
      }
    }
  });
});
