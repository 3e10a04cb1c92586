/**
 * `tandem list` (alias `ls`): runs across repositories, from Temporal's
 * visibility API (search attributes), so it works against a cluster too and
 * needs no worker: state, progress, cost, age and the Web UI link.
 */
import { isGrpcServiceError } from '@temporalio/client';
import type { Command } from 'commander';
import Table from 'cli-table3';
import { isOneOf } from '../../contracts/choices.js';
import { TandemError } from '../../errors/tandem-error.js';
import { repoFlagRoot } from '../list/repo-flag.js';
import { listQuery, STATE_FILTERS, toRow, type RunListRow } from '../list/run-list.js';
import { addDevServerFlags } from '../options.js';
import { formatDuration, formatTokens } from '../run/format.js';
import { ensureSearchAttributes } from '../../temporal/search-attribute-check.js';
import { openSession, uiLink, type Session, type SessionFlags } from '../session.js';

/** gRPC status INVALID_ARGUMENT. */
const INVALID_ARGUMENT = 3;

interface ListFlags extends SessionFlags {
  state?: string;
  repo?: string;
  json?: boolean;
  limit: string;
}

export function registerListCommand(program: Command): void {
  addDevServerFlags(
    program
      .command('list')
      .alias('ls')
      .description('list runs across repositories: state, progress, cost, age and the Web UI link')
      .option('--state <state>', `only runs in this state: ${STATE_FILTERS.join(' | ')}`)
      .option('--repo <path>', 'only runs of the repository at this path')
      .option('--limit <n>', 'at most this many runs, newest first', '50')
      .option('--json', 'print the runs as JSON')
      .addHelpText('after', '\nExamples:\n  tandem list\n  tandem ls --state paused\n  tandem list --repo ~/src/app --json\n'),
  ).action(async (flags: ListFlags) => {
    const state = flags.state;
    if (state !== undefined && !isOneOf(STATE_FILTERS, state)) {
      throw new TandemError(`--state must be one of ${STATE_FILTERS.join(', ')}; got "${state}".`, { code: 'USAGE', hint: 'e.g. tandem list --state failed' });
    }
    const limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new TandemError(`--limit must be a positive whole number; got "${flags.limit}".`, { code: 'USAGE', hint: 'e.g. --limit 20' });
    const repo = flags.repo === undefined ? undefined : await repoFlagRoot(flags.repo);
    const session = await openSession(flags);
    try {
      const rows = await listRuns(session, listQuery({ state, repo }), limit);
      const { uiUrl } = session.temporal.target;
      const link = (row: RunListRow) => (uiUrl ? uiLink(uiUrl, session.temporal.namespace, row.workflowId) : undefined);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(rows.map((row) => ({ ...row, ui: link(row) })), null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write(`No runs${state || repo ? ' match' : ' yet'}.\n`);
        return;
      }
      process.stdout.write(`${renderTable(rows, Date.now(), link)}\n`);
    } finally {
      await session.close();
    }
  });
}

async function listRuns(session: Session, query: string, limit: number): Promise<RunListRow[]> {
  const list = async () => {
    const rows: RunListRow[] = [];
    for await (const execution of session.temporal.client.workflow.list({ query, pageSize: Math.min(limit, 100) })) {
      rows.push(toRow(execution));
      if (rows.length >= limit) break;
    }
    return rows;
  };
  try {
    return await list();
  } catch (error) {
    // A server without Tandem's search attributes refuses a query that names them (INVALID_ARGUMENT):
    // on a cluster that is an operator's fix, so name the commands (TandemError, exit 3); Tandem's
    // own dev server gets them registered, and the list is asked again.
    // The client wraps the gRPC error in a ServiceError ("Failed to list workflows") as its cause.
    const grpc = isGrpcServiceError(error) ? error : error instanceof Error && isGrpcServiceError(error.cause) ? error.cause : undefined;
    if (grpc?.code !== INVALID_ARGUMENT) throw error;
    const check = await ensureSearchAttributes(session.temporal.connection, session.temporal.target);
    if (!check.checked) throw error;
    return await list();
  }
}

function renderTable(rows: RunListRow[], now: number, link: (row: RunListRow) => string | undefined): string {
  const withUi = rows.some((row) => link(row) !== undefined);
  const table = new Table({
    head: ['run', 'state', 'progress', 'cost', 'age', ...(withUi ? ['UI'] : [])],
    style: { head: [], border: [] },
    wordWrap: false,
  });
  for (const row of rows) {
    table.push([
      row.repo && row.plan ? `${row.repo}/${row.plan}` : row.workflowId,
      row.currentTask && row.state === 'running' ? `running ${row.currentTask}` : row.state,
      progress(row),
      row.costUsd === undefined ? '' : `$${row.costUsd.toFixed(row.costUsd < 1 ? 4 : 2)}${row.tokens ? ` · ${formatTokens(row.tokens)} tok` : ''}`,
      formatDuration(now - Date.parse(row.startedAt)),
      ...(withUi ? [link(row) ?? ''] : []),
    ]);
  }
  return table.toString();
}

/** e.g. `3/7`, `3/7 (1 failed)`. */
function progress(row: RunListRow): string {
  const { done, failed, total } = row.tasks;
  if (total === undefined) return '';
  return `${done ?? 0}/${total}${failed ? ` (${failed} failed)` : ''}`;
}
