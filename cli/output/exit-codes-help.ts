/**
 * The exit codes as `--help` lists them: one text built from EXIT so the help cannot drift
 * from the codes the CLI returns (the README's "Exit codes" section says the same).
 */
import { EXIT } from '../../errors/tandem-error.js';

const MEANINGS: Record<keyof typeof EXIT, string> = {
  ok: 'all tasks committed',
  taskFailures: 'a task failed (or the run was cancelled)',
  usage: 'usage or config error',
  infrastructure: 'infrastructure unavailable (Temporal or a model provider)',
  interrupted: 'interrupted (Ctrl-C; the run goes on on the server)',
};

/** `Exit codes: 0 all tasks committed, 1 …, 130 interrupted (…).` */
export const EXIT_CODES_HELP = `Exit codes: ${(Object.keys(EXIT) as (keyof typeof EXIT)[]).map((name) => `${EXIT[name]} ${MEANINGS[name]}`).join(', ')}.`;
