/**
 * Temporal's dev server logs "history size exceeds warn limit" (and the same
 * for length/count) when a workflow grows too big. The bench reads its log.
 */
import { readFile, stat } from 'node:fs/promises';

const WARNING = /history (size|length|count)[^\n]*(exceed|warn)|exceeds? (the )?warn limit/i;

/** The warning lines in the server log, from byte `fromByte` on (0: the whole log); none when there is no log. */
export async function historyWarnings(logPath: string, fromByte = 0): Promise<string[]> {
  const text = await readFile(logPath).then((bytes) => bytes.subarray(fromByte).toString('utf8'), () => '');
  return text.split('\n').filter((line) => WARNING.test(line));
}

/** The log's size now: pass it to historyWarnings later to see only what came after. */
export async function logSize(logPath: string): Promise<number> {
  return stat(logPath).then((info) => info.size, () => 0);
}
