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

/** A run branch that gained someone's commits through the remote (fetched and fast-forwarded onto it): the run pauses. */
export function remoteMovedProblem(input: { remote: RunRemote; branch: string; commits: Array<{ sha: string; subject: string }>; rewritten: boolean }): string {
  const { remote, branch } = input;
  const listed = input.commits.slice(0, 5).map((commit) => `${commit.sha.slice(0, 10)} ${commit.subject}`).join('; ');
  return (
    `The remote's run branch ${branch} moved (someone pushed ${listed || 'to it'} to ${remote.name}). Tandem never force-pushes, and changed nothing. ` +
    (input.rewritten
      ? `Its history was rewritten: put ${remote.name}/${branch} back on Tandem's line, then \`tandem resume\`.`
      : `\`tandem resume\` goes on from the branch as it is then, with those commits; to drop a change, push a revert onto ${remote.name}/${branch} rather than rewriting it.`)
  );
}
