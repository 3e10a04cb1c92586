/**
 * A pull request's description, assembled from sections: the run's summary,
 * the per-task reviews, and whatever else a caller adds (a traceability
 * matrix is one more section, built elsewhere). Kept under GitHub's limit of
 * 65,536 characters: past it the body is cut at a line and says so.
 */

/** One `## heading` and its Markdown; a section with empty Markdown is left out. */
export interface BodySection {
  heading: string;
  markdown: string;
}

export interface PullRequestContent {
  title: string;
  body: string;
}

/** GitHub refuses a longer body (422). */
export const GITHUB_BODY_LIMIT = 65_536;

export const CLIPPED_NOTE = (left: number) => `\n\n> **Clipped:** ${left} characters of this description were left out to stay within GitHub's limit. The full report: \`tandem report\`.\n`;

export function pullRequestBody(input: { intro: string; sections: BodySection[]; limit?: number }): string {
  const parts = [input.intro.trim(), ...input.sections.filter((s) => s.markdown.trim() !== '').map((s) => `## ${s.heading}\n\n${s.markdown.trim()}`)];
  return clipBody(`${parts.join('\n\n')}\n`, input.limit ?? GITHUB_BODY_LIMIT);
}

/** The body unchanged when it fits; else cut at the last line break that leaves room for the note. */
export function clipBody(body: string, limit: number): string {
  if (body.length <= limit) return body;
  // The note's own length depends on the count; a generous count sizes it once.
  const room = limit - CLIPPED_NOTE(body.length).length;
  const cutAt = body.lastIndexOf('\n', room);
  const kept = body.slice(0, cutAt > 0 ? cutAt : room).trimEnd();
  return `${kept}${CLIPPED_NOTE(body.length - kept.length)}`;
}
