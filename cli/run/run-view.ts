/**
 * How `tandem run` shows progress. A terminal gets a live table; a pipe gets
 * one plain line per change; `--json` gets one JSON event per change.
 */
import type { RunView } from './view-types.js';
import { LinesView } from './lines-view.js';
import { JsonView } from './json-view.js';
import { LiveTableView } from './live-table-view.js';

export type { RunHeader, RunSnapshot, RunView } from './view-types.js';

export function chooseRunView(options: { json: boolean; stream?: NodeJS.WriteStream }): RunView {
  const stream = options.stream ?? process.stdout;
  if (options.json) return new JsonView(stream);
  if (stream.isTTY && process.env.TERM !== 'dumb') return new LiveTableView(stream);
  return new LinesView(stream);
}
