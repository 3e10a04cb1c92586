import { describe, expect, it } from 'vitest';
import { parseRemoteUrl } from '../../forge/remote-url.js';

describe('parseRemoteUrl', () => {
  it('reads owner and name from the URL forms git takes for a hosted repository', () => {
    const expected = { host: 'github.com', owner: 'acme', name: 'greek' };
    expect(parseRemoteUrl('https://github.com/acme/greek.git')).toEqual(expected);
    expect(parseRemoteUrl('https://github.com/acme/greek')).toEqual(expected);
    expect(parseRemoteUrl('https://x-access-token:abc@GitHub.com/acme/greek.git/')).toEqual(expected);
    expect(parseRemoteUrl('git@github.com:acme/greek.git')).toEqual(expected);
    expect(parseRemoteUrl('github.com:acme/greek')).toEqual(expected);
    expect(parseRemoteUrl('ssh://git@github.com:22/acme/greek.git')).toEqual(expected);
    expect(parseRemoteUrl('https://ghe.corp.example/acme/greek.git')).toEqual({ host: 'ghe.corp.example', owner: 'acme', name: 'greek' });
  });

  it('is undefined for what is not a hosted owner/name repository', () => {
    expect(parseRemoteUrl('/srv/git/greek.git')).toBeUndefined();
    expect(parseRemoteUrl('file:///srv/git/greek.git')).toBeUndefined();
    expect(parseRemoteUrl('../greek.git')).toBeUndefined();
    expect(parseRemoteUrl('ext::sh -c evil')).toBeUndefined();
    expect(parseRemoteUrl('https://gitlab.com/group/sub/greek.git')).toBeUndefined();
    expect(parseRemoteUrl('https://github.com/acme')).toBeUndefined();
  });
});
