/**
 * The converge reviewer's second ask, when its verdicts left items out: the
 * same conversation, its own reply, and this message naming what is missing,
 * so it judges those items against the same branch instead of starting over.
 */
import type { ExpectedItem } from '../plan/converge-coverage.js';

export function omittedItemsQuestion(items: readonly ExpectedItem[]): string {
  const list = items.map((item) => `- ${item.id} (${item.kind === 'acceptance' ? 'acceptance criterion' : 'requirement'}): ${item.text}`).join('\n');
  return (
    `Your verdicts leave out these items:\n${list}\n\n` +
    'Give a verdict with evidence for each of them now, in the same converge JSON: `items` with exactly these ids, ' +
    '`followUps` for any you find partial or missing, and a one-sentence `summary`. Leave the items you already judged out of this answer.'
  );
}
