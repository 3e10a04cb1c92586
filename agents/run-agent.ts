/**
 * Runs one agent process to its end: its own process group (so stopping it
 * stops every command it started), stdout read as JSON lines, each raw line
 * appended to the journal, mapped to events and folded into progress. A limit
 * (`shouldStop`) or an abort stops the whole group. Exiting non-zero, printing
 * malformed lines or being stopped is a result, never an exception.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { terminateGroup, trackGroup, waitForGroupExit } from '../exec/process-group.js';
import { TailBuffer } from '../exec/output-cap.js';
import { addUsage } from '../models/cost.js';
import type { ModelPrice } from '../models/types.js';
import { openApiGateway } from './api-gateway.js';
import { atLeastMetered, chargedBefore, GatewayMeter, journalMetered, meteredFileOf, readMetered } from './metered-usage.js';
import { parseEventLine } from './events.js';
import { emptyProgress, foldEvent, type AgentProgress } from './progress.js';
import type { AgentLaunch } from './launch.js';

export interface RunAgentOptions {
  /** Raw stdout lines are appended here as they arrive (JSONL). */
  eventsFile: string;
  /** Prices usage for agents that report no cost. */
  price?: ModelPrice;
  /** Called after each event; a returned reason stops the agent. */
  onProgress(progress: AgentProgress): string | undefined;
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL when stopping. */
  killGraceMs?: number;
  /** Told the agent's process (group) id as soon as it started, so a later worker can stop a survivor. */
  onSpawn?(pid: number): void;
  /** Fold the lines already in eventsFile first (an interrupted run of the same session): its usage still counts. */
  replay?: boolean;
}

export interface AgentRun {
  exitCode: number | null;
  signal?: string;
  /** What this process did, without a replayed earlier run: nothing at all means it could not pick the session up. */
  thisRun: AgentProgress;
  /** Why Tandem stopped it (a limit, a cancellation); absent when it ended by itself. */
  stoppedBecause?: string;
  progress: AgentProgress;
  /** The tail of its stderr, for the logs when it fails. */
  stderr: string;
}

const SETPRIV = '/usr/bin/setpriv';
/** How often an agent's side file is read: well under the time a model call takes. */
const TAIL_POLL_MS = 100;

/**
 * Stops what is left of an earlier run of a session (its worker died without
 * killing it): the process group `pid` led, if it still runs one of the agent's
 * binaries. Waits until it is gone.
 */
export async function stopSurvivor(pid: number, binary: string): Promise<boolean> {
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return false; // gone, or not Linux
  }
  if (!cmdline.includes(binary)) return false; // the pid was reused by something else
  terminateGroup(pid, 1000);
  return waitForGroupExit(pid, 5000);
}

/**
 * A resumed agent that failed before doing anything of its own: its session files are
 * gone, or it refused the session. What the interrupted run did is replayed into
 * `progress`, so only `thisRun` tells. An agent that picked the session up names it
 * first (Claude Code's init, codex's thread): one that then fails (the API is down)
 * still has its session, and its half-done work must not be wiped for a restart.
 */
export function couldNotResume(run: AgentRun): boolean {
  const own = run.thisRun;
  return own.sessionId === undefined && own.toolCalls === 0 && own.turns === 0 && run.exitCode !== 0 && run.stoppedBecause === undefined;
}

/** A session started over after a lost one, charged also with what the lost one spent (it was paid for). */
export function chargedWith(run: AgentRun, lost: AgentProgress): AgentRun {
  return { ...run, progress: { ...run.progress, usage: addUsage(lost.usage, run.progress.usage), costUsd: lost.costUsd + run.progress.costUsd } };
}

export async function runAgent(launch: AgentLaunch, options: RunAgentOptions): Promise<AgentRun> {
  const stopping: StopState = {};
  if (!launch.gateway) return runAgentProcess(launch, options, stopping);
  const meter = new GatewayMeter();
  const gateway = await openApiGateway(launch.gateway, {
    // Once a limit stops the agent, its gateway sends no further call: the turn in flight is the last one paid.
    admit: () => stopping.because,
    // Each billed reply counts at once, so a limit holds even when the agent's own events say less.
    onUsage: (usage) => {
      meter.add(usage);
      stopping.recheck?.();
    },
  });
  try {
    return await runAgentProcess(launch, options, stopping, meter);
  } finally {
    await gateway.close();
  }
}

/** Why the agent is being stopped, once it is, and how to check the limits again: shared with its gateway. */
interface StopState {
  because?: string;
  recheck?: () => void;
}

function runAgentProcess(launch: AgentLaunch, options: RunAgentOptions, stopping: StopState, meter?: GatewayMeter): Promise<AgentRun> {
  return new Promise((resolve) => {
    // Its own group, so a stop reaches every command it started; and, where setpriv exists, killed
    // with the worker (a SIGKILLed worker cannot clean up, and a resumed session must not race it).
    const [file, args] = existsSync(SETPRIV) ? [SETPRIV, ['--pdeathsig', 'KILL', '--', launch.file, ...launch.args]] : [launch.file, launch.args];
    const child = spawn(file, args, { cwd: launch.cwd, env: launch.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const untrack = child.pid !== undefined ? trackGroup(child.pid) : () => false;
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    const stderr = new TailBuffer(8000);
    // Two folds of the same events: the session as a whole (a resumed session's journal replayed
    // first, so its totals are the agent's own), and this process alone (did it do anything?).
    const session = new ProgressFold(launch, options.price);
    const thisRun = new ProgressFold(launch, options.price);
    if (options.replay && existsSync(options.eventsFile)) {
      for (const line of readFileSync(options.eventsFile, 'utf8').split('\n')) session.fold(line);
      session.forgetEnding();
    }
    // What the session had before this process (the gateway meters this process's calls only): its
    // replayed figures, and no less than what earlier processes' gateways metered.
    const meterFile = meteredFileOf(options.eventsFile);
    const prior = options.replay ? readMetered(meterFile) : undefined;
    const before = chargedBefore(session.progress, prior);
    const charged = (): AgentProgress => (meter ? atLeastMetered(session.progress, before, meter, options.price) : session.progress);
    const fold = (line: string): void => {
      session.fold(line);
      thisRun.fold(line);
    };
    let stoppedBecause: string | undefined;
    const stop = (reason: string): void => {
      if (stoppedBecause !== undefined || child.pid === undefined) return;
      stoppedBecause = reason;
      stopping.because = reason;
      terminateGroup(child.pid, options.killGraceMs ?? 3000);
    };
    const onAbort = (): void => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const check = (): void => {
      const reason = options.onProgress(charged());
      if (reason !== undefined) stop(reason);
    };
    stopping.recheck = () => {
      if (meter) journalMetered(meterFile, prior, meter, options.price);
      check();
    };
    // The agent's side file (codex's rollout) is read every few milliseconds and before each stdout
    // line, so usage counts call by call; it is not journaled (the turn's own total is, at its end).
    const drainTail = (checking = true): void => {
      // A resumed session names itself again only after a while: the interrupted run already did.
      const sessionId = session.progress.sessionId;
      if (launch.tail === undefined || sessionId === undefined) return;
      for (const line of launch.tail.read(sessionId)) {
        fold(line);
        if (checking) check();
      }
    };
    const polling = launch.tail ? setInterval(drainTail, TAIL_POLL_MS) : undefined;

    createInterface({ input: child.stdout }).on('line', (line) => {
      appendFileSync(options.eventsFile, `${line}\n`);
      drainTail();
      fold(line);
      check();
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const finish = (exitCode: number | null, signal: string | null): void => {
      untrack();
      clearInterval(polling);
      stopping.recheck = undefined;
      // Calls made before a stop still cost: the last ones the file holds count too (no stop: it has ended).
      drainTail(false);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ exitCode, ...(signal ? { signal } : {}), ...(stoppedBecause !== undefined ? { stoppedBecause } : {}), progress: charged(), thisRun: thisRun.progress, stderr: stderr.text() });
    };
    child.on('error', (error) => {
      stderr.push(Buffer.from(`${error.message}\n`));
      finish(null, null);
    });
    child.on('close', finish);
  });
}

/** Events folded into progress, each usage counted once (by message id) within this fold. */
class ProgressFold {
  progress = emptyProgress();
  private readonly seen = new Set<string>();

  constructor(
    private readonly launch: AgentLaunch,
    private readonly price: ModelPrice | undefined,
  ) {}

  fold(line: string): void {
    const parsed = parseEventLine(line);
    if (parsed === undefined) return;
    if ('line' in parsed) {
      this.progress = { ...this.progress, malformed: [...this.progress.malformed.slice(-9), parsed.line.slice(0, 400)] };
      return;
    }
    for (const event of this.launch.mapEvent(parsed.json)) this.progress = foldEvent(this.progress, event, this.seen, this.price);
  }

  /** What an earlier, interrupted run said about its own ending is not this run's; its totals stay. */
  forgetEnding(): void {
    const { result: _result, permissionDenials: _denials, liveTurn: _live, turnEnded: _ended, ...kept } = this.progress;
    this.progress = { ...kept, malformed: [], errors: [] };
  }
}
