import { describe, expect, it } from 'vitest';
import { forgeTarget } from '../../forge/open-forge.js';
import { thrown } from '../support/thrown.js';

describe('forgeTarget', () => {
  it('takes github.com to api.github.com, or to GITHUB_API_URL when it is set', () => {
    expect(forgeTarget({ remoteName: 'origin', remoteUrl: 'git@github.com:acme/greek.git', env: {} })).toMatchObject({ kind: 'github', apiUrl: 'https://api.github.com', remote: { owner: 'acme', name: 'greek' } });
    expect(forgeTarget({ remoteName: 'origin', remoteUrl: 'https://github.com/acme/greek', env: { GITHUB_API_URL: 'http://127.0.0.1:9/' } }).apiUrl).toBe('http://127.0.0.1:9/');
  });

  it('takes a GitHub Enterprise Server host when GITHUB_API_URL names it', () => {
    const target = forgeTarget({ remoteName: 'origin', remoteUrl: 'https://ghe.corp.example/acme/greek.git', env: { GITHUB_API_URL: 'https://ghe.corp.example/api/v3' } });
    expect(target).toMatchObject({ kind: 'github', apiUrl: 'https://ghe.corp.example/api/v3', remote: { host: 'ghe.corp.example' } });
  });

  it('says plainly that GitLab is not supported yet (exit 2)', () => {
    const error = thrown(() => forgeTarget({ remoteName: 'origin', remoteUrl: 'git@gitlab.com:acme/greek.git', env: {} }));
    expect(error).toMatchObject({ code: 'FORGE_UNSUPPORTED', exitCode: 2 });
    expect(error.message).toMatch(/GitLab is not supported yet/);
  });

  it('names GITHUB_API_URL for another host, and refuses a local path', () => {
    const other = thrown(() => forgeTarget({ remoteName: 'origin', remoteUrl: 'https://git.example.org/acme/greek.git', env: {} }));
    expect(other).toMatchObject({ code: 'FORGE_UNSUPPORTED' });
    expect(other.hint).toContain('GITHUB_API_URL=https://git.example.org/api/v3');
    const local = thrown(() => forgeTarget({ remoteName: 'backup', remoteUrl: '/srv/git/greek.git', env: {} }));
    expect(local.message).toMatch(/the remote backup \(\/srv\/git\/greek\.git\).*not the URL of a hosted repository/);
  });

  it('never prints a token carried in the remote URL', () => {
    const error = thrown(() => forgeTarget({ remoteName: 'origin', remoteUrl: 'https://bob:ghp_s3cretvalue@gitlab.com/acme/greek.git', env: {} }));
    expect(error.message).toContain('https://gitlab.com/acme/greek.git');
    expect(JSON.stringify(error)).not.toContain('ghp_s3cretvalue');
  });
});
