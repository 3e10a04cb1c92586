/*
 * Pure naming helpers (no I/O), so workflow code may import them too.
 * Slugs use only [a-z0-9-], which is always a valid git ref component:
 * no dots, so no `..`, no leading `.` and no `.lock` suffix.
 */

const MAX_SLUG_LENGTH = 48;

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // drop accents: "répo" → "repo"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, '');
}

/**
 * A short, stable, ref-safe name for a plan. With a title, the title decides;
 * otherwise the repo-relative path without its extension, so `TODO.md` → `todo`
 * and `docs/auth/TODO.md` → `docs-auth-todo`. Never empty (falls back to `plan`).
 */
export function planSlug(planRelPath: string, title?: string): string {
  const fromTitle = title === undefined ? '' : slugify(title);
  if (fromTitle !== '') return fromTitle;
  const withoutExt = planRelPath.replace(/\\/g, '/').replace(/\.[^./]*$/, '');
  return slugify(withoutExt) || 'plan';
}

/** The branch a run works on unless the user passes `--branch NAME`. */
export function defaultRunBranch(slug: string): string {
  return `tandem/${slug}`;
}
