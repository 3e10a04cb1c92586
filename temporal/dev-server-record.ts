import { readFile, rm, writeFile } from 'node:fs/promises';

/**
 * What `tandem server start` remembers about the server it started, so that
 * `stop` and `status` work from any later command.
 */
export interface DevServerRecord {
  pid: number;
  host: string;
  port: number;
  uiPort: number;
  headless: boolean;
  dbPath: string;
  logPath: string;
  binary: string;
  startedAt: string;
}

export async function readDevServerRecord(recordPath: string): Promise<DevServerRecord | undefined> {
  let text: string;
  try {
    text = await readFile(recordPath, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const record = JSON.parse(text) as Partial<DevServerRecord>;
    // A torn or hand-edited file is treated as "no record" rather than a crash.
    return typeof record.pid === 'number' && typeof record.port === 'number' ? (record as DevServerRecord) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeDevServerRecord(recordPath: string, record: DevServerRecord): Promise<void> {
  await writeFile(recordPath, `${JSON.stringify(record, null, 2)}\n`);
}

export async function removeDevServerRecord(recordPath: string): Promise<void> {
  await rm(recordPath, { force: true });
}
