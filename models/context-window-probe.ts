/**
 * The context window of a model, from config or asked of the server: llama.cpp's
 * `GET /props` (`default_generation_settings.n_ctx`) or Ollama's `POST /api/show`
 * (`model_info["<arch>.context_length"]`). Cached per endpoint and model for the life
 * of the process; a server that cannot say is asked once and then left alone.
 */
import type { ResolvedModel } from './types.js';

const PROBE_TIMEOUT_MS = 3000;
const known = new Map<string, number | undefined>();

/** The window in tokens, or undefined when neither config nor the server says. Never throws. */
export async function contextWindowOf(model: ResolvedModel): Promise<number | undefined> {
  if (model.contextWindow) return model.contextWindow;
  // Hosted vendors publish no endpoint for it; only local servers are asked.
  if (model.kind !== 'openai-compatible' || !model.baseUrl) return undefined;
  const key = `${model.baseUrl}\u0000${model.model}`;
  if (known.has(key)) return known.get(key);
  const window = model.providerName === 'ollama' ? await ollamaWindow(model.baseUrl, model.model) : await llamaCppWindow(model.baseUrl);
  known.set(key, window);
  return window;
}

/** Forgets what servers said; for tests that reuse an address. */
export function resetContextWindows(): void {
  known.clear();
}

/** The server root: `http://host:8080/v1` → `http://host:8080`. */
function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

async function llamaCppWindow(baseUrl: string): Promise<number | undefined> {
  const props = (await getJson(`${serverRoot(baseUrl)}/props`)) as { default_generation_settings?: { n_ctx?: unknown } } | undefined;
  return positive(props?.default_generation_settings?.n_ctx);
}

async function ollamaWindow(baseUrl: string, model: string): Promise<number | undefined> {
  const show = (await getJson(`${serverRoot(baseUrl)}/api/show`, { model })) as { model_info?: Record<string, unknown> } | undefined;
  const entry = Object.entries(show?.model_info ?? {}).find(([name]) => name.endsWith('.context_length'));
  return positive(entry?.[1]);
}

async function getJson(url: string, postBody?: unknown): Promise<unknown> {
  try {
    const response = await fetch(url, {
      method: postBody === undefined ? 'GET' : 'POST',
      ...(postBody === undefined ? {} : { body: JSON.stringify(postBody), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return response.ok ? await response.json() : undefined;
  } catch {
    return undefined; // not that kind of server, or not reachable: no window known
  }
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
