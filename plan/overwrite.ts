import { TandemError } from '../errors/tandem-error.js';

/** Never lose work: an existing plan needs --force, and one with progress needs it twice. */
export function assertMayOverwrite(existing: string, shownPath: string, force: number): void {
  const hasProgress = /^\s*[-*+]\s*\[[xX]\]/m.test(existing);
  if (hasProgress && force < 2) {
    throw new TandemError(`${shownPath} already has finished tasks ([x]); overwriting it would lose that record of progress.`, {
      code: 'PLAN_HAS_PROGRESS',
      hint: 'To revise it for a changed design and keep the finished tasks, add --update. Or choose another file with --out, or pass --force twice (--force --force) if you really mean to replace it.',
    });
  }
  if (force < 1) {
    throw new TandemError(`${shownPath} already exists.`, {
      code: 'PLAN_EXISTS',
      hint: 'Choose another file with --out, or pass --force to replace it.',
    });
  }
}
