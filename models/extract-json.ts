/**
 * Finds the JSON value in a model's text reply, for servers without native
 * structured output (or that answer in prose anyway). Tried in order: the whole
 * reply, a ```json fenced block, the first balanced `{…}` or `[…]`. Reasoning
 * models' `<think>…</think>` sections are dropped first, since they often hold
 * draft JSON.
 */
export type Extracted = { ok: true; value: unknown } | { ok: false; reason: string };

export function extractJson(text: string): Extracted {
  const visible = stripThinking(text).trim();
  if (!visible) return { ok: false, reason: 'the reply was empty' };
  const candidates = [visible, ...fencedBlocks(visible), firstBalanced(visible)];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch {
      // try the next candidate
    }
  }
  return { ok: false, reason: 'the reply contained no parseable JSON object' };
}

/** Removes closed `<think>` blocks and an unclosed one that runs to the end. */
export function stripThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/<think>[\s\S]*$/i, '');
}

function fencedBlocks(text: string): string[] {
  return [...text.matchAll(/```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)```/g)].map((m) => (m[1] ?? '').trim());
}

/** The first `{…}` or `[…]` whose brackets balance, ignoring brackets inside strings. */
function firstBalanced(text: string): string | undefined {
  const start = text.search(/[{[]/);
  if (start < 0) return undefined;
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']');
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return undefined;
      if (stack.length === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}
