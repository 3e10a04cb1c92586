/**
 * The part of a design document relevant to one task. A short design is
 * given whole; a long one is cut into its Markdown sections, and the sections
 * sharing the most words with the task are kept, in document order, within
 * the byte budget.
 */

const DEFAULT_MAX_BYTES = 8000;

export function designExcerpt(design: string, task: { title: string; details?: string }, maxBytes = DEFAULT_MAX_BYTES): string {
  if (Buffer.byteLength(design) <= maxBytes) return design.trim();
  const sections = splitSections(design);
  const wanted = words(`${task.title} ${task.details ?? ''}`);
  const ranked = sections
    .map((text, index) => ({ text, index, score: overlap(words(text), wanted) }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const kept: typeof ranked = [];
  let used = 0;
  for (const section of ranked) {
    const size = Buffer.byteLength(section.text);
    if (used + size > maxBytes) continue;
    kept.push(section);
    used += size;
  }
  return kept
    .sort((a, b) => a.index - b.index)
    .map((section) => section.text.trim())
    .join('\n\n[…]\n\n');
}

function splitSections(markdown: string): string[] {
  const sections: string[] = [];
  let current: string[] = [];
  for (const line of markdown.split('\n')) {
    if (/^#{1,6}\s/.test(line) && current.length > 0) {
      sections.push(current.join('\n'));
      current = [];
    }
    current.push(line);
  }
  if (current.length > 0) sections.push(current.join('\n'));
  return sections;
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z0-9_]{4,}/g) ?? []);
}

function overlap(a: Set<string>, b: Set<string>): number {
  let count = 0;
  for (const word of a) if (b.has(word)) count++;
  return count;
}
