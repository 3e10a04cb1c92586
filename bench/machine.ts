/**
 * The machine a bench ran on, recorded beside its figures so two results can
 * be compared knowingly: CPUs, memory, load at the start and the end, tool
 * versions and Tandem's commit. A tool that is missing is recorded as such.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { findTemporalBinary } from '../temporal/find-binary.js';

export interface MachineFacts {
  /** Logical CPUs (os.availableParallelism at the time of the first bench records). */
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  /** 1, 5 and 15-minute load averages when the bench started and when it ended. */
  loadAverageStart: number[];
  loadAverageEnd: number[];
  /** The 1-minute load average at the end (what older results recorded). */
  loadAverage: number;
  node: string;
  npm: string;
  git: string;
  temporal: string;
  bwrap: string;
  platform: string;
  /** Tandem's commit (`+dirty` when the tree had uncommitted changes). */
  tandemSha: string;
  /** When the bench started (ISO 8601). */
  date: string;
}

/** Facts read before the bench loads the machine, and the commit it runs (someone may commit meanwhile). */
export interface MachineStart {
  loadAverageStart: number[];
  date: string;
  tandemSha: string;
}

export async function machineStart(now = new Date()): Promise<MachineStart> {
  const loadAverageStart = loadavg();
  // This file's folder (bench/ or dist/bench/) is inside Tandem's checkout.
  const here = dirname(fileURLToPath(import.meta.url));
  const [sha, changes] = await Promise.all([
    version('git', ['-C', here, 'rev-parse', 'HEAD']),
    version('git', ['-C', here, 'status', '--porcelain', '--untracked-files=no']),
  ]);
  return { loadAverageStart, date: now.toISOString(), tandemSha: changes && changes !== 'missing' ? `${sha}+dirty` : sha };
}

export async function machineFacts(start: MachineStart): Promise<MachineFacts> {
  const cores = cpus();
  const [npm, git, temporal, bwrap] = await Promise.all([
    version('npm', ['--version']),
    version('git', ['--version']),
    version(temporalBinary(), ['--version']),
    version('bwrap', ['--version']),
  ]);
  const end = loadavg();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    totalMemoryBytes: totalmem(),
    loadAverageStart: start.loadAverageStart,
    loadAverageEnd: end,
    loadAverage: end[0]!,
    node: process.version,
    npm,
    git,
    temporal,
    bwrap,
    platform: `${process.platform}-${process.arch}`,
    tandemSha: start.tandemSha,
    date: start.date,
  };
}

function temporalBinary(): string {
  try {
    return findTemporalBinary();
  } catch {
    return 'temporal';
  }
}

/** The command's first output line, or `missing` when it cannot run. */
async function version(file: string, args: string[]): Promise<string> {
  const result = await execa(file, args, { reject: false, timeout: 10_000 });
  return result.exitCode === 0 ? (result.stdout.split('\n')[0]?.trim() ?? '') : 'missing';
}
