/**
 * The model's context window: how full a prompt is, and how much of it a request
 * may fill. Pure arithmetic; finding the window (config or server) is in
 * context-window-probe.ts.
 */

/** Warn when a prompt fills this much of the window: Ollama truncates silently past it. */
export const CONTEXT_WARN_RATIO = 0.9;

/**
 * A warning when `promptTokens` fills at least 90% of `window`, naming the model and
 * the setting to raise; undefined when there is room or no window is known.
 */
export function contextWarning(spec: string, promptTokens: number, window: number | undefined): string | undefined {
  if (window === undefined || promptTokens < window * CONTEXT_WARN_RATIO) return undefined;
  const percent = Math.round((promptTokens / window) * 100);
  return (
    `The prompt to ${spec} is ${promptTokens} tokens, ${percent}% of its ${window}-token context window; ` +
    'the server may cut it. Raise contextWindow for this model in tandem.yaml (and the server\'s context size).'
  );
}
