/**
 * The converge review's rounds as journaled at `<journalDir>/converge/round-<n>.json`
 * (contracts/converge.ts), for the report's traceability matrix and `tandem trace`.
 * Read-only and forgiving: a missing folder is no round yet, and a file that is
 * not a round is named in `problems`, never fatal.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONVERGE_VERDICTS, type ConvergeItem, type ConvergeRound } from '../../contracts/converge.js';

const ROUND_FILE = /^round-(\d+)\.json$/;

export interface ConvergeRounds {
  /** Oldest first; the last one is the latest verdict. */
  rounds: ConvergeRound[];
  problems: string[];
}

export async function readConvergeRounds(journalDir: string): Promise<ConvergeRounds> {
  const dir = join(journalDir, 'converge');
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { rounds: [], problems: [] };
    throw error;
  }
  const rounds: ConvergeRound[] = [];
  const problems: string[] = [];
  for (const name of names.filter((n) => ROUND_FILE.test(n)).sort()) {
    try {
      const round = asRound(JSON.parse(await readFile(join(dir, name), 'utf8')));
      if (round) rounds.push(round);
      else problems.push(`converge/${name}: not a converge round (no round number or items)`);
    } catch (error) {
      problems.push(`converge/${name}: ${(error as Error).message}`);
    }
  }
  return { rounds: rounds.sort((a, b) => a.round - b.round), problems };
}

/** Keeps what the matrix relies on; items with an unknown verdict or no id are dropped. */
function asRound(value: unknown): ConvergeRound | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const round = value as Partial<ConvergeRound>;
  if (typeof round.round !== 'number' || !Array.isArray(round.items)) return undefined;
  return {
    round: round.round,
    headSha: String(round.headSha ?? ''),
    baseSha: String(round.baseSha ?? ''),
    reviewer: String(round.reviewer ?? ''),
    items: round.items.filter(isItem).map((item) => ({
      ...item,
      text: String(item.text ?? ''),
      evidence: Array.isArray(item.evidence) ? item.evidence : [],
      tasks: Array.isArray(item.tasks) ? item.tasks.map(String) : [],
    })),
    followUps: Array.isArray(round.followUps) ? round.followUps.map(String) : [],
    summary: String(round.summary ?? ''),
  };
}

function isItem(item: unknown): item is ConvergeItem {
  if (typeof item !== 'object' || item === null) return false;
  const { id, kind, verdict } = item as Partial<ConvergeItem>;
  return typeof id === 'string' && id !== '' && (kind === 'requirement' || kind === 'acceptance') && (CONVERGE_VERDICTS as readonly unknown[]).includes(verdict);
}
