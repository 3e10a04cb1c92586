import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipIdleMaintenance } from '../../git/idle-maintenance.js';
import { makeRepo, type TestRepo } from './helpers.js';

const SKIP = [['maintenance.auto', 'false']];

/** Loose objects as git samples them: names in objects/17 (fakes; only their count matters to the check). */
function looseObjectsIn17(repo: TestRepo, count: number): void {
  const dir = path.join(repo.dir, '.git', 'objects', '17');
  mkdirSync(dir, { recursive: true });
  for (let index = 0; index < count; index++) writeFileSync(path.join(dir, index.toString(16).padStart(38, 'a')), '');
}

describe('a task commit skips auto maintenance only when git would find nothing to do', () => {
  it('skips it in a repository with few loose objects and packs', async () => {
    expect(await skipIdleMaintenance(makeRepo().dir)).toEqual(SKIP);
  });

  it('lets git run it once the loose-object sample reaches gc.auto / 256 (27 by default)', async () => {
    const repo = makeRepo();
    looseObjectsIn17(repo, 20);
    expect(await skipIdleMaintenance(repo.dir)).toEqual(SKIP);
    looseObjectsIn17(repo, 27);
    expect(await skipIdleMaintenance(repo.dir)).toEqual([]);
  });

  it('follows gc.auto and gc.autoPackLimit as configured', async () => {
    const repo = makeRepo();
    looseObjectsIn17(repo, 3);
    repo.git('config', 'gc.auto', '512');
    expect(await skipIdleMaintenance(repo.dir)).toEqual([]);
    repo.git('config', 'gc.auto', '0');
    repo.git('config', 'gc.autoPackLimit', '2');
    writeFileSync(path.join(repo.dir, '.git', 'objects', 'pack', 'pack-a.pack'), '');
    expect(await skipIdleMaintenance(repo.dir)).toEqual([]);
  });

  it('leaves it to git when the user configured maintenance', async () => {
    const repo = makeRepo();
    repo.git('config', 'maintenance.strategy', 'incremental');
    expect(await skipIdleMaintenance(repo.dir)).toEqual([]);
  });
});
