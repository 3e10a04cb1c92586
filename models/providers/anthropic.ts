/** Anthropic's public API, spoken as Messages with prompt caching. */
import { anthropicMessagesCall } from '../anthropic-messages.js';
import { publicApi, type BuiltinProvider } from './descriptor.js';
import { ANTHROPIC_MODELS } from './known-models.js';

export const anthropic: BuiltinProvider = {
  name: 'anthropic',
  kind: 'anthropic',
  ...publicApi({ apiKeyEnv: 'ANTHROPIC_API_KEY', baseUrlEnv: 'ANTHROPIC_BASE_URL' }),
  // List prices in USD per MTok: input, cache read (hit), 5-minute cache write, output.
  // Source: Anthropic's pricing page and model pages (platform.claude.com/docs, "Pricing"
  // and "Models overview"), read 2026-11-30. Only models in the pinned SDK's Model union
  // that are not retired; Fable/Mythos 5.2 had no published price we could read, so they
  // warn as unknown until configured. Haiku 5.5 is tiered: these are its rates for prompts up to
  // 100K tokens (longer prompts cost 5x). Third-party trackers report a Sonnet 5.5 cache-read
  // cut to $0.10 from 2026-10-07; the vendor page we could read still says $0.20, which we keep
  // (a budget should over- rather than under-count).
  prices: {
    'claude-fable-5-1': { inputPerMTok: 10, cachedInputPerMTok: 0.25, cacheWritePerMTok: 12.5, outputPerMTok: 50 },
    'claude-mythos-5-1': { inputPerMTok: 10, cachedInputPerMTok: 0.25, cacheWritePerMTok: 12.5, outputPerMTok: 50 },
    'claude-fable-5': { inputPerMTok: 10, cachedInputPerMTok: 1, cacheWritePerMTok: 12.5, outputPerMTok: 50 },
    'claude-mythos-5': { inputPerMTok: 10, cachedInputPerMTok: 1, cacheWritePerMTok: 12.5, outputPerMTok: 50 },
    'claude-opus-5-5': { inputPerMTok: 4, cachedInputPerMTok: 0.2, cacheWritePerMTok: 5, outputPerMTok: 20 },
    'claude-opus-5': { inputPerMTok: 5, cachedInputPerMTok: 0.5, cacheWritePerMTok: 6.25, outputPerMTok: 25 },
    'claude-opus-4-8': { inputPerMTok: 5, cachedInputPerMTok: 0.5, cacheWritePerMTok: 6.25, outputPerMTok: 25 },
    'claude-opus-4-7': { inputPerMTok: 5, cachedInputPerMTok: 0.5, cacheWritePerMTok: 6.25, outputPerMTok: 25 },
    'claude-opus-4-6': { inputPerMTok: 5, cachedInputPerMTok: 0.5, cacheWritePerMTok: 6.25, outputPerMTok: 25 },
    'claude-opus-4-5': { inputPerMTok: 5, cachedInputPerMTok: 0.5, cacheWritePerMTok: 6.25, outputPerMTok: 25 },
    'claude-sonnet-5-5': { inputPerMTok: 2, cachedInputPerMTok: 0.2, cacheWritePerMTok: 2.5, outputPerMTok: 10 },
    'claude-sonnet-5': { inputPerMTok: 2, cachedInputPerMTok: 0.2, cacheWritePerMTok: 2.5, outputPerMTok: 10 },
    'claude-sonnet-4-6': { inputPerMTok: 3, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75, outputPerMTok: 15 },
    'claude-sonnet-4-5': { inputPerMTok: 3, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75, outputPerMTok: 15 },
    'claude-haiku-5-5': { inputPerMTok: 0.1, cachedInputPerMTok: 0.01, cacheWritePerMTok: 0.125, outputPerMTok: 0.5 },
    'claude-haiku-4-5': { inputPerMTok: 1, cachedInputPerMTok: 0.1, cacheWritePerMTok: 1.25, outputPerMTok: 5 },
  },
  createCall: (model, env) => anthropicMessagesCall(model, env, anthropic),
  // The current generation in the pinned SDK (Model union, 5.5 line), none deprecated:
  // Opus 5.5 plans and reviews first (the strongest general model, and cheaper than Opus 5),
  // Sonnet 5.5 implements (fast, $2/$10) and is the second reviewer. Fable and Mythos cost
  // 2.5x Opus for little gain on code, and Mythos is limited availability.
  knownModels: ANTHROPIC_MODELS,
  defaultRoles: {
    planner: 'anthropic:claude-opus-5-5',
    implementer: 'anthropic:claude-sonnet-5-5',
    reviewers: ['anthropic:claude-opus-5-5', 'anthropic:claude-sonnet-5-5'],
  },
};
