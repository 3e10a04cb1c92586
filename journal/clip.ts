/** Shortens text for workflow history; the full text stays in the journal. */
export function clip(text: string, max = 400): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters in the journal]`;
}
