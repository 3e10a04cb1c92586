/**
 * Resident memory of a whole process tree (Linux /proc): the bench, its
 * worker processes, their git helpers and the dev server. Sampled while
 * concurrent runs go, so "peak RSS" is what the machine really held.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Sum of VmRSS over `roots` and every descendant; 0 where /proc is missing (not Linux). */
export function treeRssBytes(roots: number[]): number {
  const parents = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const name of entries) {
    const stat = readOrEmpty(`/proc/${name}/stat`);
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isInteger(ppid)) parents.set(Number(name), ppid);
  }
  const inTree = new Set(roots);
  // Parents may have larger or smaller pids than their children: repeat until nothing joins.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!inTree.has(pid) && inTree.has(ppid)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  let total = 0;
  for (const pid of inTree) {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readOrEmpty(`/proc/${pid}/status`));
    if (match) total += Number(match[1]) * 1024;
  }
  return total;
}

export interface TreeRssSampler {
  peak(): number;
  stop(): void;
}

/** Samples every `intervalMs` until stopped; peak() is the largest sum seen. */
export function sampleTreeRss(roots: () => number[], intervalMs = 200): TreeRssSampler {
  let peak = 0;
  const sample = () => (peak = Math.max(peak, treeRssBytes(roots())));
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    peak: () => Math.max(peak, treeRssBytes(roots())),
    stop: () => clearInterval(timer),
  };
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
