/** `--approve` and `--approve-remind` over tandem.yaml's `run.approve` / `run.approveRemind`, as run settings. */
import { APPROVAL_GATES, type ApprovalGate } from '../../contracts/approval.js';
import { isOneOf } from '../../contracts/choices.js';
import type { RunSettings } from '../../contracts/run.js';
import { DURATION_HINT, parseDurationSeconds } from '../../config/duration.js';
import { TandemError } from '../../errors/tandem-error.js';

export interface ApprovalFlags {
  approve?: string[];
  approveRemind?: string;
}

/** The flags replace the file's gates; a gate named twice counts once; absent fields mean no gate. */
export function approvalSettings(
  file: { approve?: ApprovalGate[]; approveRemind?: string },
  flags: ApprovalFlags,
): Pick<RunSettings, 'approve' | 'approveRemindSeconds'> {
  const gates = flags.approve?.length ? flags.approve.flatMap((value) => value.split(',')).map((gate) => gate.trim()) : (file.approve ?? []);
  for (const gate of gates) {
    if (!isOneOf(APPROVAL_GATES, gate)) {
      throw new TandemError(`--approve takes ${APPROVAL_GATES.join(', ')}, got "${gate}".`, {
        code: 'USAGE',
        hint: 'e.g. --approve each, --approve plan,final, or --approve each --approve final',
      });
    }
  }
  const approve = APPROVAL_GATES.filter((gate) => (gates as string[]).includes(gate));
  const remind = flags.approveRemind ?? file.approveRemind;
  const approveRemindSeconds = remind === undefined ? undefined : parseDurationSeconds(remind);
  if (remind !== undefined && approveRemindSeconds === undefined) {
    throw new TandemError(`--approve-remind takes ${DURATION_HINT}, got "${remind}".`, { code: 'USAGE', hint: 'e.g. --approve-remind 4h' });
  }
  if (approveRemindSeconds !== undefined && approve.length === 0) {
    throw new TandemError('--approve-remind (run.approveRemind) needs --approve (run.approve): without a gate the run never waits for anyone.', {
      code: 'USAGE',
      hint: 'e.g. --approve each --approve-remind 4h',
    });
  }
  return { ...(approve.length > 0 ? { approve } : {}), ...(approveRemindSeconds !== undefined ? { approveRemindSeconds } : {}) };
}
