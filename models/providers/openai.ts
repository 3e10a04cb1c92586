/** OpenAI's public API, spoken as Responses unless a model says `api: chat`. */
import { openAIChatCall } from '../openai-chat.js';
import { openAIResponsesCall } from '../openai-responses.js';
import { publicApi, type BuiltinProvider } from './descriptor.js';
import { OPENAI_MODELS } from './known-models.js';

export const openai: BuiltinProvider = {
  name: 'openai',
  kind: 'openai',
  ...publicApi({ apiKeyEnv: 'OPENAI_API_KEY', baseUrlEnv: 'OPENAI_BASE_URL' }),
  // List prices in USD per MTok (input, cached input, output) for prompts up to 272K
  // tokens (longer ones cost 2x input, 1.5x output). Source: OpenAI's model and pricing
  // pages (developers.openai.com/api/docs/models, /pricing), read 2026-11-30. gpt-5.6-sol
  // is at its standard $5/$30: the $4/$20 promotion ran "at least until 2026-11-21", and a
  // budget should over- rather than under-count. Terra and Luna are at the 2026-07-30 cut.
  // GPT-5.6 bills cache writes (usage.prompt_tokens_details.cache_write_tokens) at 1.25x
  // input, as the Sol page says; we assume the same for Terra and Luna. Older models do not.
  prices: {
    'gpt-5.6-sol': { inputPerMTok: 5, cachedInputPerMTok: 0.5, cacheWritePerMTok: 6.25, outputPerMTok: 30 },
    'gpt-5.6-terra': { inputPerMTok: 2, cachedInputPerMTok: 0.2, cacheWritePerMTok: 2.5, outputPerMTok: 12 },
    'gpt-5.6-luna': { inputPerMTok: 0.2, cachedInputPerMTok: 0.02, cacheWritePerMTok: 0.25, outputPerMTok: 1.2 },
    'gpt-5.4': { inputPerMTok: 2.5, cachedInputPerMTok: 0.25, outputPerMTok: 15 },
    'gpt-5.4-mini': { inputPerMTok: 0.75, cachedInputPerMTok: 0.075, outputPerMTok: 4.5 },
    'gpt-5.4-nano': { inputPerMTok: 0.2, cachedInputPerMTok: 0.02, outputPerMTok: 1.25 },
    'gpt-5.1': { inputPerMTok: 1.25, cachedInputPerMTok: 0.125, outputPerMTok: 10 },
    'gpt-5': { inputPerMTok: 1.25, cachedInputPerMTok: 0.125, outputPerMTok: 10 },
    'gpt-5-mini': { inputPerMTok: 0.25, cachedInputPerMTok: 0.025, outputPerMTok: 2 },
    'gpt-5-nano': { inputPerMTok: 0.05, cachedInputPerMTok: 0.005, outputPerMTok: 0.4 },
    'gpt-5-codex': { inputPerMTok: 1.25, cachedInputPerMTok: 0.125, outputPerMTok: 10 },
    'gpt-4.1': { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8 },
    'gpt-4.1-mini': { inputPerMTok: 0.4, cachedInputPerMTok: 0.1, outputPerMTok: 1.6 },
    'gpt-4.1-nano': { inputPerMTok: 0.1, cachedInputPerMTok: 0.025, outputPerMTok: 0.4 },
    'gpt-4o': { inputPerMTok: 2.5, cachedInputPerMTok: 1.25, outputPerMTok: 10 },
    'gpt-4o-mini': { inputPerMTok: 0.15, cachedInputPerMTok: 0.075, outputPerMTok: 0.6 },
    o3: { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8 },
    'o3-mini': { inputPerMTok: 1.1, cachedInputPerMTok: 0.55, outputPerMTok: 4.4 },
    'o4-mini': { inputPerMTok: 1.1, cachedInputPerMTok: 0.275, outputPerMTok: 4.4 },
  },
  // Responses serves every current model (some, such as -pro and -codex, only it) and carries
  // reasoning between turns; Chat stays for a gateway behind OPENAI_BASE_URL that lacks it.
  createCall: (model, env) => (model.api === 'chat' ? openAIChatCall(model, env, openai) : openAIResponsesCall(model, env, openai)),
  // The current generation in the pinned SDK (ChatModel, the 5.6 family): Sol, the flagship, plans and implements as gpt-5 did; Terra, the
  // balanced tier, reviews first (as gpt-5-mini did), then Sol.
  knownModels: OPENAI_MODELS,
  defaultRoles: { planner: 'openai:gpt-5.6-sol', implementer: 'openai:gpt-5.6-sol', reviewers: ['openai:gpt-5.6-terra', 'openai:gpt-5.6-sol'] },
};
