// Which directories the sandbox mounts, on a fake home laid out like real ones
// (pyenv, a pip --user prefix, rustup, caches), and what it never mounts.
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsInside, homeMounts, type MountContext } from '../../exec/sandbox-mounts.js';
import { writeFiles } from '../agent-tools/helpers.js';

let root: string;
let home: string;
const ws = '/nonexistent/workspace';

beforeAll(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-mounts-')));
  home = path.join(root, 'home');
  await writeFiles(home, {
    '.pyenv/shims/python3': '#!/bin/sh\n',
    '.pyenv/versions/3.12.1/bin/python3': '',
    '.local/bin/pytest': '',
    '.local/lib/python3.12/site-packages/pytest.py': '',
    '.local/share/keyrings/login.keyring': 'secret',
    '.cargo/bin/cargo': '',
    '.cargo/credentials.toml': 'token',
    '.cargo/registry/index/x': '',
    '.rustup/toolchains/stable/bin/rustc': '',
    '.npm/_cacache/index': '',
    '.cache/pip/http/x': '',
    'go/pkg/mod/cache/x': '',
    '.m2/repository/x': '',
    '.m2/settings.xml': '<password>secret</password>',
    'bin/tool': '',
    'lib/private': '',
    '.tandem/bin/x': '',
  });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const ctx = (overrides: Partial<MountContext> = {}): MountContext => ({
  env: { HOME: home, PATH: '' },
  tandemHome: path.join(home, '.tandem'),
  workspace: ws,
  caches: [],
  ...overrides,
});
const withPath = (...entries: string[]) => ctx({ env: { HOME: home, PATH: [...entries, '/usr/bin', '/bin'].join(':') } });
const h = (p: string) => path.join(home, p);

describe('toolchains on PATH', () => {
  it("mounts a version manager's whole root for its shims", () => {
    expect(homeMounts(withPath(h('.pyenv/shims')))).toEqual([h('.pyenv')]);
  });

  it('mounts a bin directory with its lib siblings, not the rest of the prefix', () => {
    expect(homeMounts(withPath(h('.local/bin')))).toEqual([h('.local/bin'), h('.local/lib')]);
  });

  it("mounts rustup's toolchains with ~/.cargo/bin, but not ~/.cargo (its credentials)", () => {
    expect(homeMounts(withPath(h('.cargo/bin')))).toEqual([h('.cargo/bin'), h('.rustup')]);
  });

  it('never mounts HOME itself, a sibling of a bin directly in HOME, or anything in TANDEM_HOME', () => {
    expect(homeMounts(withPath(h('bin'), h('.tandem/bin'), home, '/'))).toEqual([h('bin')]);
  });

  it('skips system directories and relative entries', () => {
    expect(homeMounts(withPath('relative/bin', '/usr/local/bin', '/usr/bin'))).toEqual([]);
  });
});

describe('caches', () => {
  it.each([
    ['npm', ['.npm']],
    ['pip', ['.cache/pip']],
    ['cargo', ['.cargo/registry']],
    ['go', ['go/pkg/mod']],
    ['maven', ['.m2/repository']],
  ] as const)('%s mounts %j and nothing beside it', (cache, dirs) => {
    expect(homeMounts(ctx({ caches: [cache] }))).toEqual(dirs.map(h));
  });

  it('none are mounted unless named', () => {
    expect(homeMounts(ctx())).toEqual([]);
  });

  it('follows the variables that move a cache', () => {
    const moved = path.join(root, 'elsewhere-npm');
    return writeFiles(moved, { x: '' }).then(() =>
      expect(homeMounts(ctx({ caches: ['npm'], env: { HOME: home, npm_config_cache: moved } }))).toEqual([moved]),
    );
  });
});

it('masks cargo credentials inside a mounted tree', () => {
  expect(credentialsInside([h('.cargo'), h('.local/bin')])).toEqual([h('.cargo/credentials.toml')]);
});
