/**
 * The commits a converge reviewer cites as evidence, made real: each is
 * resolved with `git rev-parse --verify <x>^{commit}` to the full sha of a
 * commit on the run branch (reachable from the head it read), so the report's
 * matrix never shows `HEAD`, a typo or a sha of another branch. A citation
 * that resolves to nothing of the branch is dropped from its evidence; the
 * rest of that evidence (file, test, note) stays.
 */
import { isAncestor, resolveCommit } from './refs.js';

interface CitingItem {
  evidence: { commit?: string }[];
}

export async function resolveEvidenceCommits<T extends CitingItem>(input: { repo: string; head: string; items: readonly T[] }): Promise<T[]> {
  const resolved = new Map<string, string | undefined>();
  const onBranch = async (cited: string): Promise<string | undefined> => {
    if (!resolved.has(cited)) resolved.set(cited, await commitOnBranch(input.repo, input.head, cited));
    return resolved.get(cited);
  };
  const items: T[] = [];
  for (const item of input.items) {
    const evidence: T['evidence'] = [];
    for (const { commit, ...rest } of item.evidence) {
      const sha = commit === undefined ? undefined : await onBranch(commit.trim());
      if (sha !== undefined) evidence.push({ ...rest, commit: sha });
      else if (Object.keys(rest).length > 0) evidence.push(rest);
    }
    items.push({ ...item, evidence });
  }
  return items;
}

async function commitOnBranch(repo: string, head: string, cited: string): Promise<string | undefined> {
  // What a model wrote is never an option to git.
  if (cited === '' || cited.startsWith('-') || /\s/.test(cited)) return undefined;
  const sha = await resolveCommit({ repo, rev: cited });
  return sha !== null && (await isAncestor({ repo, ancestor: sha, descendant: head })) ? sha : undefined;
}
