/**
 * How `tandem run` shows progress. A terminal gets a live table; a pipe gets
 * one plain line per change; `--json` gets one JSON event per change.
 */
import type { RunStatus, TaskProgress } from '../../workflows/run-types.js';
import { LinesView } from './lines-view.js';
import { JsonView } from './json-view.js';
import { LiveTableView } from './live-table-view.js';

export interface RunSnapshot {
  status: RunStatus;
  progress?: TaskProgress;
  at: number;
}

export interface RunHeader {
  runId: string;
  attached: boolean;
  ui?: string;
}

export interface RunView {
  start(header: RunHeader): void;
  update(snapshot: RunSnapshot): void;
  finish(status: RunStatus): void;
  /** Releases the terminal; safe to call twice. */
  stop(): void;
}

export function chooseRunView(options: { json: boolean; stream?: NodeJS.WriteStream }): RunView {
  const stream = options.stream ?? process.stdout;
  if (options.json) return new JsonView(stream);
  if (stream.isTTY && process.env.TERM !== 'dumb') return new LiveTableView(stream);
  return new LinesView(stream);
}
