/**
 * Stored workflow histories for replay tests: captured from real runs on the
 * dev server (`npm run histories:capture`), made portable (no machine paths,
 * no host names, no keys) and read back for `Worker.runReplayHistories`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { REPO_ROOT } from './cli.js';

export const HISTORIES_DIR = join(REPO_ROOT, 'test', 'histories');

/**
 * Stored as protobufjs objects (enum names, base64 bytes, timestamps as
 * seconds and nanos): the SDK's historyToJSON/historyFromJSON throw "type must
 * be a Type" with the protobufjs versions installed here.
 */
const HistoryMessage = proto.temporal.api.history.v1.History;
type History = proto.temporal.api.history.v1.IHistory;
const AS_JSON = { longs: String, enums: String, bytes: String } as const;

export interface StoredHistory {
  /** The path inside test/histories without `.json`, e.g. `task-retried`; used as the workflow id on replay. */
  name: string;
  history: History;
}

/**
 * Every JSON file under test/histories, sorted by name: the current capture at
 * the top, the previous ones kept in a folder per patch (see CONTRIBUTING.md).
 */
export function loadStoredHistories(dir = HISTORIES_DIR): StoredHistory[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ name: file.slice(0, -'.json'.length), history: HistoryMessage.fromObject(JSON.parse(readFileSync(join(dir, file), 'utf8'))) }));
}

export interface PortableOptions {
  /** Machine-specific strings and what to write instead, e.g. `[repoRoot, '/repo']`. */
  replace: [string, string][];
  /** Strings that must not survive (keys, temp dirs): capturing fails if one does. */
  forbid: string[];
}

/**
 * A workflow's history as JSON, with every plain
 * string and every `json/plain` payload rewritten by `replace`. Replay only
 * compares commands, so the rewritten inputs and results do not matter to
 * it; they keep the files the same on every machine. Fails on an encrypted
 * payload (capture without TANDEM_ENCRYPTION_KEY) or a forbidden string.
 */
export async function fetchPortableHistory(client: Client, workflowId: string, options: PortableOptions): Promise<string> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const portable = rewrite(HistoryMessage.toObject(HistoryMessage.fromObject(history), AS_JSON), options.replace);
  const text = JSON.stringify(portable, null, 1);
  const decoded = `${text}\n${decodedPayloads(portable).join('\n')}`;
  for (const word of options.forbid) {
    if (decoded.includes(word)) throw new Error(`the history of ${workflowId} still contains ${JSON.stringify(word)}`);
  }
  return `${text}\n`;
}

function rewrite(node: unknown, replace: [string, string][], key = ''): unknown {
  if (typeof node === 'string') return key === 'identity' ? 'tandem-capture' : replaceAll(node, replace);
  if (Array.isArray(node)) return node.map((item) => rewrite(item, replace));
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  if (isPayload(record)) return rewritePayload(record, replace);
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, rewrite(value, replace, name)]));
}

interface JsonPayload {
  metadata: { encoding: string } & Record<string, string>;
  data?: string;
}

function isPayload(record: Record<string, unknown>): record is JsonPayload & Record<string, unknown> {
  const metadata = record.metadata as Record<string, unknown> | undefined;
  return typeof metadata?.encoding === 'string';
}

function rewritePayload(payload: JsonPayload, replace: [string, string][]): JsonPayload {
  const encoding = fromBase64(payload.metadata.encoding);
  if (encoding === 'binary/encrypted') throw new Error('an encrypted payload: capture histories without TANDEM_ENCRYPTION_KEY');
  if (encoding !== 'json/plain' || payload.data === undefined) return payload;
  return { ...payload, data: Buffer.from(replaceAll(fromBase64(payload.data), replace)).toString('base64') };
}

function decodedPayloads(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(decodedPayloads);
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  if (isPayload(record)) return record.data === undefined ? [] : [fromBase64(record.data)];
  return Object.values(record).flatMap(decodedPayloads);
}

function replaceAll(text: string, replace: [string, string][]): string {
  return replace.reduce((result, [from, to]) => result.split(from).join(to), text);
}

function fromBase64(text: string): string {
  return Buffer.from(text, 'base64').toString('utf8');
}
