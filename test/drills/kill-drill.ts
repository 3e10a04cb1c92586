/**
 * The kill drill: a run of N tasks whose worker (the `tandem run` process and
 * everything it spawned) is SIGKILLed K times at random points and started
 * again each time. Returns what a reader needs to judge durability: the
 * commits, and how many model calls each kill made the run send again.
 *
 * The kills are spread over the whole run: each waits for a random amount of
 * progress (distinct model calls made), and for at least one call from the
 * restarted worker, then lands a random 0-1.5 s later, so kills fall inside
 * model calls, tool calls, tests and commits alike.
 */
import type { FakeReply, ScriptFn } from '../fakes/index.js';
import { startCli, type CliResult } from '../support/cli.js';
import { readConversation } from '../support/conversation.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes } from '../run/fixtures.js';

export interface KillDrillOptions {
  tasks: number;
  kills: number;
  /** Seeds the random kill points; printed with the figures so a failure can be replayed. */
  seed: number;
  /** How long each model call takes at the fake. */
  modelDelayMs?: number;
  /** `--parallel N`: independent tasks, N at a time, in worktrees. Absent: a chain, one at a time in the checkout. */
  parallel?: number;
  log?: (line: string) => void;
}

export interface KillRecord {
  /** Milliseconds since the drill started. */
  at: number;
  /** Distinct model calls the run had made when the kill landed (of 3 per task). */
  afterCalls: number;
  /** Whether a model call was in flight at the fake when the kill landed. */
  during: 'model call' | 'tools, tests or git';
  /** How many model calls were in flight (one per busy lane at most). */
  inFlight: number;
  /** Model calls the run sent again after this kill (the one in flight, at most). */
  repeated: string[];
}

export interface KillDrillFigures {
  seed: number;
  tasks: number;
  kills: KillRecord[];
  totalMs: number;
  /** Model calls received by the fakes, and how many a run without kills needs. */
  modelCalls: number;
  minimumModelCalls: number;
  /** Subjects of `main..HEAD`, oldest first. */
  commits: string[];
  /** Commits carrying a `Tandem-Task` trailer. */
  taskCommits: number;
  final: CliResult;
  repo: TestRepo;
}

interface Arrival {
  key: string;
  at: number;
  /** When the fake sends its reply. */
  until: number;
}

export function drillPlan(tasks: number, independent = false): string {
  const lines = ['# Plan: Kill drill', ''];
  for (let n = 1; n <= tasks; n++) {
    lines.push(
      `- [ ] T${n}: Write file ${n}`,
      `  - Acceptance:`,
      `    - f${n}.txt contains exactly "${n}"`,
      `  - Verify: \`grep -qx ${n} f${n}.txt\``,
      `  - Depends on: ${n === 1 || independent ? 'none' : `T${n - 1}`}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function runKillDrill(options: KillDrillOptions): Promise<KillDrillFigures> {
  const log = options.log ?? (() => {});
  const random = mulberry32(options.seed);
  const delayMs = options.modelDelayMs ?? 600;
  const arrivals: Arrival[] = [];
  const repo = await greekRepo({ plan: drillPlan(options.tasks, options.parallel !== undefined), name: 'kill-drill' });
  const fakes = await startFakes(
    timed(implementerScript((taskId) => [{ path: `f${taskId.slice(1)}.txt`, content: `${taskId.slice(1)}\n` }]), delayMs, arrivals),
    timed(reviewerScript(), delayMs, arrivals),
  );
  const args = ['run', 'TODO.md', '--task-queue', uniqueTaskQueue('kill-drill'), ...(options.parallel !== undefined ? ['--parallel', String(options.parallel)] : [])];
  // The run works in worktrees (one lane by default): the user's checkout stays on main, and the run's commits are on its branch.
  const range = 'main..tandem/kill-drill';
  const launch = () => {
    const cli = { running: startCli(args, { cwd: repo.root, env: fakes.env, timeoutMs: 30 * 60_000 }), exited: undefined as CliResult | undefined };
    void cli.running.result.then((result) => (cli.exited = result));
    return cli;
  };
  const started = Date.now();
  const kills: (Omit<KillRecord, 'repeated'> & { arrivalsBefore: number })[] = [];
  const minimumModelCalls = options.tasks * 3;
  // Progress points to kill at; short of the last call, so the run cannot end before its last kill.
  const targets = Array.from({ length: options.kills }, () => 1 + Math.floor(random() * (minimumModelCalls - 2))).sort((a, b) => a - b);
  const progress = () => new Set(arrivals.map((a) => a.key)).size;
  try {
    let current = launch();
    while (kills.length < options.kills) {
      const seen = arrivals.length;
      const target = targets[kills.length]!;
      await waitFor(() => (arrivals.length > seen && progress() >= target) || current.exited !== undefined, `model call ${target}`, 300_000);
      await sleep(Math.floor(random() * 1500));
      if (current.exited !== undefined) break; // the run finished before this kill
      const now = Date.now();
      const inFlight = arrivals.filter((a) => a.at <= now && now < a.until).length;
      const during = inFlight > 0 ? 'model call' : 'tools, tests or git';
      current.running.killHard();
      kills.push({ at: now - started, afterCalls: progress(), during, inFlight, arrivalsBefore: arrivals.length });
      await current.running.result;
      log(`kill ${kills.length} at ${((now - started) / 1000).toFixed(1)} s, after ${progress()} distinct model calls, during ${during}`);
      current = launch();
    }
    const final = await current.running.result;
    const totalMs = Date.now() - started;
    const commits = (await repo.git('log', '--reverse', '--format=%s', range)).split('\n').filter(Boolean);
    const trailers = await repo.git('log', '--format=%(trailers:key=Tandem-Task,valueonly)', range);
    fakes.implementer.assertClean();
    fakes.reviewer.assertClean();
    return {
      seed: options.seed,
      tasks: options.tasks,
      kills: kills.map(({ arrivalsBefore, ...kill }, i) => ({ ...kill, repeated: repeatsAfter(arrivals, arrivalsBefore, kills[i + 1]?.arrivalsBefore) })),
      totalMs,
      modelCalls: arrivals.length,
      minimumModelCalls,
      commits,
      taskCommits: trailers.split('\n').filter((line) => line.trim()).length,
      final,
      repo,
    };
  } finally {
    await fakes.close();
  }
}

/** The calls that arrived between this kill and the next one whose key had come before (earlier in this window too). */
function repeatsAfter(arrivals: Arrival[], from: number, to: number | undefined): string[] {
  // Any earlier arrival counts, this window's too: a request the killed process sent just before the kill
  // can reach the fake just after it, and its resend then lands in the same window.
  const seen = new Set(arrivals.slice(0, from).map((a) => a.key));
  const repeated: string[] = [];
  for (const arrival of arrivals.slice(from, to)) {
    if (seen.has(arrival.key)) repeated.push(arrival.key);
    seen.add(arrival.key);
  }
  return repeated;
}

/** Adds a fixed delay to each reply and records when each model call came and when it is answered. */
function timed(script: ScriptFn, delayMs: number, arrivals: Arrival[]): ScriptFn {
  return async (request, index) => {
    const reply: FakeReply | undefined = await script(request, index);
    if (!reply) return undefined;
    const c = readConversation(request);
    const at = Date.now();
    arrivals.push({ key: c.structured ? `review ${c.taskId}` : `implement ${c.taskId} attempt ${c.attempt} step ${c.step}`, at, until: at + delayMs });
    return { ...reply, delayMs };
  };
}

/** A tiny seeded PRNG, so a drill's kill points can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The figures as a few lines for a report. */
export function formatFigures(figures: KillDrillFigures): string {
  const repeats = figures.kills.map((kill) => kill.repeated.length);
  const inModel = figures.kills.filter((kill) => kill.during === 'model call').length;
  return [
    `kill drill (seed ${figures.seed}): ${figures.tasks} tasks, ${figures.kills.length} kills (${inModel} during a model call), ${(figures.totalMs / 1000).toFixed(1)} s`,
    `commits: ${figures.taskCommits} task commits of ${figures.commits.length}; exit ${figures.final.exitCode}`,
    `model calls: ${figures.modelCalls} (${figures.minimumModelCalls} without kills); repeated per kill: [${repeats.join(', ')}], max ${Math.max(0, ...repeats)}`,
  ].join('\n');
}
