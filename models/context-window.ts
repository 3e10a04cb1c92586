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

/** Characters per token when fitting text: below estimate-usage's 4 because code tokenizes densely. */
export const FIT_CHARS_PER_TOKEN = 3;

/** A part of a prompt that may be cut: `head` keeps the start (a diff), `tail` the end (test output, where failures are). */
export interface TrimmablePart {
  text: string;
  keep: 'head' | 'tail';
}

export interface FittedParts<K extends string> {
  parts: Record<K, string>;
  /** The parts that were cut, in the order given. */
  trimmed: K[];
}

/**
 * Cuts the parts so that together they take at most `budgetChars` characters,
 * sharing the budget fairly: parts shorter than an even share keep all of theirs
 * and the rest is split among the longer ones. A cut part says how much was cut.
 */
export function fitParts<K extends string>(parts: Record<K, TrimmablePart>, budgetChars: number): FittedParts<K> {
  const keys = Object.keys(parts) as K[];
  const total = keys.reduce((sum, key) => sum + parts[key].text.length, 0);
  const out = Object.fromEntries(keys.map((key) => [key, parts[key].text])) as Record<K, string>;
  if (total <= budgetChars) return { parts: out, trimmed: [] };
  const allowance = shareBudget(keys.map((key) => parts[key].text.length), Math.max(0, budgetChars));
  const trimmed: K[] = [];
  keys.forEach((key, i) => {
    const { text, keep } = parts[key];
    if (text.length <= allowance[i]!) return;
    out[key] = cut(text, allowance[i]!, keep);
    trimmed.push(key);
  });
  return { parts: out, trimmed };
}

/** Water-filling: the smallest lengths are met in full, the rest share what is left evenly. */
function shareBudget(lengths: number[], budget: number): number[] {
  const order = lengths.map((length, i) => ({ length, i })).sort((a, b) => a.length - b.length);
  const shares = new Array<number>(lengths.length).fill(0);
  let left = budget;
  order.forEach(({ length, i }, position) => {
    const even = Math.floor(left / (order.length - position));
    shares[i] = Math.min(length, even);
    left -= shares[i]!;
  });
  return shares;
}

function cut(text: string, keepChars: number, keep: 'head' | 'tail'): string {
  const dropped = text.length - keepChars;
  const note = `[${dropped} characters cut to fit the model's context window]`;
  if (keepChars <= 0) return note;
  return keep === 'head' ? `${text.slice(0, keepChars)}\n${note}` : `${note}\n${text.slice(text.length - keepChars)}`;
}

/**
 * Characters left for the trimmable parts of a prompt whose other text is
 * `fixedChars` long, leaving room for the reply; undefined when the window is unknown.
 */
export function trimBudgetChars(window: number | undefined, fixedChars: number, replyTokens: number): number | undefined {
  if (window === undefined) return undefined;
  const fixedTokens = Math.ceil(fixedChars / FIT_CHARS_PER_TOKEN);
  return Math.max(0, (window - replyTokens - fixedTokens) * FIT_CHARS_PER_TOKEN);
}
