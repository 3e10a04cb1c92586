/** The one spelling of a remote that the starting machine and the workers compare (TandemRemote). */
import { describe, expect, it } from 'vitest';
import { isRemoteUrl, normalizeRemoteUrl, remoteUrlWithoutUserinfo } from '../../contracts/remote-url.js';

describe('normalizeRemoteUrl', () => {
  it('spells a GitHub repository the same over ssh, scp-like ssh and https, with or without .git and credentials', () => {
    const spellings = [
      'git@github.com:Me/app.git',
      'ssh://git@github.com/Me/app.git',
      'ssh://git@GitHub.com:22/Me/app',
      'https://github.com/Me/app',
      'https://x-access-token:ghp_secret@github.com/Me/app.git/',
    ];
    expect(new Set(spellings.map(normalizeRemoteUrl))).toEqual(new Set(['github.com/Me/app']));
  });
  it('keeps an https port (another server) and spells a local bare repository as its path', () => {
    expect(normalizeRemoteUrl('https://git.example.com:8443/team/app.git')).toBe('git.example.com:8443/team/app');
    expect(normalizeRemoteUrl('/srv/git/app.git')).toBe('/srv/git/app');
    expect(normalizeRemoteUrl('file:///srv/git/app.git/')).toBe('/srv/git/app');
  });
});

describe('remoteUrlWithoutUserinfo', () => {
  it('drops credentials from a URL and leaves scp-like and paths as they are', () => {
    expect(remoteUrlWithoutUserinfo('https://user:token@github.com/me/app.git')).toBe('https://github.com/me/app.git');
    expect(remoteUrlWithoutUserinfo('git@github.com:me/app.git')).toBe('git@github.com:me/app.git');
    expect(remoteUrlWithoutUserinfo('/srv/git/app.git')).toBe('/srv/git/app.git');
  });
});

describe('isRemoteUrl', () => {
  it('tells URLs from paths', () => {
    expect(isRemoteUrl('git@github.com:me/app.git')).toBe(true);
    expect(isRemoteUrl('https://github.com/me/app')).toBe(true);
    expect(isRemoteUrl('/srv/git/app.git')).toBe(false);
    expect(isRemoteUrl('../app.git')).toBe(false);
  });
});
