/**
 * One spelling for a git remote, so the machine that starts a run and the
 * workers that serve it agree on "the same repository" (the TandemRemote
 * search attribute) however each wrote the URL: `git@host:o/r.git`,
 * `ssh://git@host/o/r`, `https://user:token@host/o/r.git` all become
 * `host/o/r`; a local path or `file://` URL becomes the absolute path without
 * `.git`. Pure: the caller makes a relative path absolute first.
 */

/** `host/path` for a network URL, the path for a local one; no userinfo, scheme, port of ssh, `.git` or trailing slash. */
export function normalizeRemoteUrl(url: string): string {
  const text = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(\/.*)?$/i.exec(text);
  if (scheme) {
    const [, protocol = '', authority = '', path = ''] = scheme;
    if (protocol.toLowerCase() === 'file') return trimRepoPath(path);
    const host = authority.replace(/^[^@]*@/, '').toLowerCase();
    // ssh's port is transport detail (ssh://host:22/x is host:x); an https port names another server.
    const hostName = /^(ssh|git\+ssh|ssh\+git)$/i.test(protocol) ? host.replace(/:\d+$/, '') : host;
    return `${hostName}/${trimRepoPath(path).replace(/^\/+/, '')}`;
  }
  // scp-like `[user@]host:path` (a colon before any slash); a Windows drive letter is a path.
  const scp = /^(?:[^@/]+@)?([^:/]{2,}):(.*)$/.exec(text);
  if (scp) return `${scp[1]!.toLowerCase()}/${trimRepoPath(scp[2]!).replace(/^\/+/, '')}`;
  return trimRepoPath(text);
}

/** A URL as it may be recorded and printed: `scheme://user:pass@host` loses `user:pass@`. */
export function remoteUrlWithoutUserinfo(url: string): string {
  return url.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

/** True for what git treats as a URL (`scheme://…` or scp-like `host:path`) rather than a local path. */
export function isRemoteUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^(?:[^@/]+@)?[^:/]{2,}:/.test(text);
}

function trimRepoPath(path: string): string {
  return path.replace(/\/+$/, '').replace(/\.git$/, '').replace(/\/+$/, '') || '/';
}
