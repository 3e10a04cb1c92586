/**
 * Which build of Tandem a keeper runs, as part of its address: the keeper
 * program's modification time and size. Building or installing Tandem
 * rewrites that file, so a worker of a rebuilt Tandem never reaches a keeper
 * still running the old code (whose messages or output schemas may differ
 * without a protocol version bump).
 */
import { statSync } from 'node:fs';

export function keeperBuildId(entry: string): string {
  try {
    const { mtimeMs, size } = statSync(entry);
    return `${Math.trunc(mtimeMs)}-${size}`;
  } catch {
    return 'missing'; // the start reports it
  }
}
