/**
 * `tandem list --repo <path>`: the repository root whose runs are listed. A
 * path that is no repository would only filter every run away ("No runs
 * match."), which reads like an answer; it is refused as the input error it is.
 */
import { TandemError } from '../../errors/tandem-error.js';
import { directoryProblem, gitRoot } from '../workspace.js';

/** The git top level of the directory `value`; GIT_NOT_A_REPO (exit 2) naming --repo when it is missing, a file, or outside git. */
export async function repoFlagRoot(value: string): Promise<string> {
  const problem = directoryProblem(value);
  const root = problem === undefined ? await gitRoot(value) : undefined;
  if (root !== undefined) return root;
  throw new TandemError(`--repo ${value} ${problem ?? 'is not inside a git repository'}.`, {
    code: 'GIT_NOT_A_REPO',
    hint: 'Pass the folder of a repository Tandem ran in (any folder inside it), e.g. `tandem list --repo ~/src/app`; leave out --repo to list every repository.',
    context: { flag: '--repo', path: value },
  });
}
