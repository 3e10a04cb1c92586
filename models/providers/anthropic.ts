/** Anthropic's public API, spoken as Messages with prompt caching. */
import { anthropicMessagesCall } from '../anthropic-messages.js';
import { publicApi, type BuiltinProvider } from './descriptor.js';

export const anthropic: BuiltinProvider = {
  name: 'anthropic',
  kind: 'anthropic',
  ...publicApi({ apiKeyEnv: 'ANTHROPIC_API_KEY', baseUrlEnv: 'ANTHROPIC_BASE_URL' }),
  // List prices, checked against Anthropic's pricing page in late 2025; update here when they change.
  // Cache reads are billed at 10% of input; cache writes (+25%) are not modelled yet.
  prices: {
    'claude-opus-4-5': { inputPerMTok: 5, cachedInputPerMTok: 0.5, outputPerMTok: 25 },
    'claude-opus-4-1': { inputPerMTok: 15, cachedInputPerMTok: 1.5, outputPerMTok: 75 },
    'claude-opus-4': { inputPerMTok: 15, cachedInputPerMTok: 1.5, outputPerMTok: 75 },
    'claude-sonnet-4-5': { inputPerMTok: 3, cachedInputPerMTok: 0.3, outputPerMTok: 15 },
    'claude-sonnet-4': { inputPerMTok: 3, cachedInputPerMTok: 0.3, outputPerMTok: 15 },
    'claude-3-7-sonnet': { inputPerMTok: 3, cachedInputPerMTok: 0.3, outputPerMTok: 15 },
    'claude-haiku-4-5': { inputPerMTok: 1, cachedInputPerMTok: 0.1, outputPerMTok: 5 },
    'claude-3-5-haiku': { inputPerMTok: 0.8, cachedInputPerMTok: 0.08, outputPerMTok: 4 },
  },
  createCall: (model, env) => anthropicMessagesCall(model, env, anthropic),
  defaultRoles: {
    planner: 'anthropic:claude-opus-4-1',
    implementer: 'anthropic:claude-sonnet-4-5',
    reviewers: ['anthropic:claude-opus-4-1', 'anthropic:claude-sonnet-4-5'],
  },
};
