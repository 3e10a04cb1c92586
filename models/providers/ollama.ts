/** A local Ollama server, through its OpenAI-compatible API. Keyless; free on this machine. */
import type { EnvVars } from '../contract.js';
import { ollamaBaseUrl, OLLAMA_DEFAULT_BASE_URL } from '../ollama-host.js';
import { openAIChatCall } from '../openai-chat.js';
import type { BuiltinProvider } from './descriptor.js';

export { OLLAMA_DEFAULT_BASE_URL as DEFAULT_OLLAMA_BASE_URL };

/**
 * Ollama's OpenAI-compatible base URL from `OLLAMA_HOST` (`host`, `host:port`,
 * `:port` or a URL; `/v1` appended), the default when unset.
 */
export function resolveOllamaBaseUrl(env: EnvVars = process.env): string {
  return ollamaBaseUrl(env.OLLAMA_HOST);
}

export const ollama: BuiltinProvider = {
  name: 'ollama',
  kind: 'openai-compatible',
  baseUrlEnv: 'OLLAMA_HOST',
  baseUrlFromEnv: resolveOllamaBaseUrl,
  // A malformed OLLAMA_HOST then fails when the config loads, naming the variable.
  pinsBaseUrl: true,
  free: 'loopback',
  prices: {},
  createCall: (model, env) => openAIChatCall(model, env, ollama),
  // A coding model implements and a model from another family reviews, so the review is still independent.
  localExample: {
    planner: 'ollama:qwen2.5-coder:32b',
    implementer: 'ollama:qwen2.5-coder:32b',
    reviewer: 'ollama:llama3.1:70b',
    server: 'Ollama',
    site: 'https://ollama.com',
    fetchCommand: (spec) => `ollama pull ${spec.slice(spec.indexOf(':') + 1)}`,
  },
};
