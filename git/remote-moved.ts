/**
 * What the run says when its branch on the remote is not where Tandem can
 * follow it: the pause reason of a `--remote` run whose branch diverged
 * (someone pushed while this machine's commits were not pushed yet).
 */
import type { RunRemote } from '../contracts/run.js';

export function remoteDivergedProblem(input: { remote: RunRemote; branch: string; local: string; remoteSha: string; base?: string }): string {
  const { remote, branch } = input;
  const base = input.base ? input.base.slice(0, 10) : '<the last commit Tandem pushed>';
  return (
    `The remote's run branch ${branch} moved (someone pushed ${input.remoteSha.slice(0, 10)} to ${remote.name}) while Tandem's own commits, up to ${input.local.slice(0, 10)}, were not pushed yet. ` +
    `Tandem never force-pushes and changed nothing. Keep that push on another branch and put ${remote.name}/${branch} back to ${base} ` +
    `(\`git fetch ${remote.name} && git push ${remote.name} ${remote.name}/${branch}:refs/heads/my-work && git push --force-with-lease ${remote.name} ${base}:${branch}\`), ` +
    `then \`tandem resume\`: Tandem pushes its commits on top.`
  );
}

/** The suffix for a branch that gained someone's commits through the remote (fetched onto the run branch). */
export function pushedByOthersNote(remote: RunRemote, branch: string): string {
  return `They came from ${remote.name}/${branch} (someone pushed them); Tandem never force-pushes. \`tandem resume\` goes on with them; to drop a change, push a revert onto ${remote.name}/${branch} rather than rewriting it.`;
}
