/**
 * Reading what Temporal stored, the way an operator with database access
 * would: the `temporal` CLI against the test server, with no codec.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { testTemporalAddress } from '../support/temporal.js';

/** `temporal <args>` against the run's shared server; fails the test loudly if the CLI does. */
export async function temporalCli(args: string[]): Promise<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TEMPORAL_')));
  const result = await execa('temporal', [...args, '--address', testTemporalAddress(), '--namespace', 'default'], {
    env,
    extendEnv: false,
    reject: false,
  });
  if (result.exitCode !== 0) throw new Error(`temporal ${args.join(' ')} exited ${result.exitCode}: ${result.stderr}`);
  return result.stdout;
}

/** Ids of every workflow that ran on `taskQueue`: the run workflow and its task workflows. */
export async function workflowIdsOnQueue(taskQueue: string): Promise<string[]> {
  const out = await temporalCli(['workflow', 'list', '--query', `TaskQueue = '${taskQueue}'`, '--output', 'json']);
  const rows = JSON.parse(out || '[]') as { execution: { workflowId: string } }[];
  return [...new Set(rows.map((row) => row.execution.workflowId))].sort();
}

/** `temporal workflow show --output json`, optionally through a codec server. */
export function historyJson(workflowId: string, codecEndpoint?: string): Promise<string> {
  return temporalCli(['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', ...(codecEndpoint ? ['--codec-endpoint', codecEndpoint] : [])]);
}

/**
 * True when `secret` can be read in `text`: verbatim, or inside any base64
 * string in it (payload data and metadata are base64 in JSON output).
 */
export function revealsSecret(text: string, secret: string): boolean {
  if (text.includes(secret)) return true;
  for (const [candidate] of text.matchAll(/[A-Za-z0-9+/]{8,}={0,2}/g)) {
    if (Buffer.from(candidate, 'base64').toString('latin1').includes(secret)) return true;
  }
  return false;
}

/** Every regular file under `root` (symlinks are not followed). */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** The files under `root` whose bytes contain any of `secrets` (verbatim or base64). */
export async function filesRevealing(root: string, secrets: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await filesUnder(root)) {
    const text = (await readFile(file)).toString('latin1');
    if (secrets.some((secret) => revealsSecret(text, secret))) hits.push(file);
  }
  return hits;
}
