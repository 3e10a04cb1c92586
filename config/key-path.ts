/** How config keys are named in messages, shared by the YAML parser and role resolution. */

export type KeyPath = readonly (string | number)[];

/** `run.maxAttempts`, `models.reviewers[0]`, `prices["openai:gpt-5"].input`. */
export function formatKeyPath(path: KeyPath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(part)) text += text === '' ? part : `.${part}`;
    else text += `[${JSON.stringify(part)}]`;
  }
  return text === '' ? '(top level)' : text;
}
