/**
 * OpenAI-compatible servers named under `providers:` in tandem.yaml (vLLM,
 * sglang, LM Studio, a hosted gateway). Their names, base URLs and key
 * variables come from the config, so this descriptor has none of its own.
 */
import { openAIChatCall } from '../openai-chat.js';
import type { ProviderDescriptor } from './descriptor.js';

export const namedEndpoint: ProviderDescriptor = {
  kind: 'openai-compatible',
  // Free on this machine; a hosted one gets its price under prices: in tandem.yaml (`name:*` for all its models).
  free: 'loopback',
  prices: {},
  createCall: (model, env) => openAIChatCall(model, env, namedEndpoint),
};
