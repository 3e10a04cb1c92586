/**
 * Where a git remote URL points: the host and the `owner/name` path, for the
 * forms git accepts for a hosted repository (https, ssh://, scp-like
 * `git@host:owner/name.git`). Local paths and other schemes are not hosted
 * repositories, so they parse to undefined.
 */
import type { ForgeRepo } from './forge.js';

export interface HostedRemote extends ForgeRepo {
  /** Lower case, without port or user, e.g. `github.com`. */
  host: string;
}

export function parseRemoteUrl(url: string): HostedRemote | undefined {
  const trimmed = url.trim();
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(trimmed);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return fromPath(scp[1]!, scp[2]!);
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol)) return undefined;
  return fromPath(parsed.hostname, decodeURIComponent(parsed.pathname));
}

function fromPath(host: string, path: string): HostedRemote | undefined {
  const parts = path.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '').split('/');
  if (parts.length !== 2 || parts.some((part) => part === '' || part === '.' || part === '..')) return undefined;
  return { host: host.toLowerCase(), owner: parts[0]!, name: parts[1]! };
}
