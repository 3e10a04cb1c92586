/**
 * OpenAI-compatible servers named under `providers:` in tandem.yaml (vLLM,
 * sglang, LM Studio, a hosted gateway). Their names, base URLs and key
 * variables come from the config, so this descriptor has none of its own.
 */
import { openAIChatCall } from '../openai-chat.js';
import { openAIResponsesCall } from '../openai-responses.js';
import type { ProviderDescriptor } from './descriptor.js';

export const namedEndpoint: ProviderDescriptor = {
  kind: 'openai-compatible',
  // Free on this machine; a hosted one gets its price under prices: in tandem.yaml (`name:*` for all its models).
  free: 'loopback',
  prices: {},
  // Chat Completions is what every compatible server speaks; `api: responses` opts in for one that has Responses.
  createCall: (model, env) => (model.api === 'responses' ? openAIResponsesCall(model, env, namedEndpoint) : openAIChatCall(model, env, namedEndpoint)),
};
