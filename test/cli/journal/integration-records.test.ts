import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIntegrationRecords } from '../../../cli/journal/integration-records.js';

describe('readIntegrationRecords', () => {
  it('reads each task\'s integration re-tests by attempt, and names a file it cannot read instead of failing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-integrations-'));
    const record = (at: number) => JSON.stringify({ at, commands: [{ name: 'test', command: 'npm test', exitCode: 0, timedOut: false, durationMs: 900, output: '', outputTruncated: false }] });
    await mkdir(join(dir, 'tasks', 'T1', 'attempt-1'), { recursive: true });
    await mkdir(join(dir, 'tasks', 'T2'), { recursive: true });
    await writeFile(join(dir, 'tasks', 'T1', 'integration-3.json'), record(3000));
    await writeFile(join(dir, 'tasks', 'T1', 'integration-1.json'), record(1000));
    await writeFile(join(dir, 'tasks', 'T2', 'integration-1.json'), '{"at":');
    const read = await readIntegrationRecords(dir);
    expect(read.byTask.T1?.map((r) => [r.attempt, r.at, r.commands[0]?.durationMs])).toEqual([
      [1, 1000, 900],
      [3, 3000, 900],
    ]);
    expect(read.byTask.T2).toBeUndefined();
    expect(read.problems).toEqual([expect.stringMatching(/^tasks\/T2\/integration-1\.json: /)]);
    // A journal with no tasks yet has no integrations.
    expect(await readIntegrationRecords(join(dir, 'missing'))).toEqual({ byTask: {}, problems: [] });
  });
});
