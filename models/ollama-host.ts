/**
 * Turns `OLLAMA_HOST` into the base URL of Ollama's OpenAI-compatible API.
 * Accepts the forms Ollama itself accepts: `host`, `host:port`, `:port`,
 * `[::1]:port`, and full URLs with or without a path.
 */
import { TandemError } from '../errors/tandem-error.js';

export const OLLAMA_DEFAULT_BASE_URL = 'http://localhost:11434/v1';
const OLLAMA_DEFAULT_PORT = '11434';

/** Returns `http(s)://host:port[/path]/v1`; the default when `host` is unset or blank. */
export function ollamaBaseUrl(host: string | undefined): string {
  const raw = host?.trim() ?? '';
  if (raw === '') return OLLAMA_DEFAULT_BASE_URL;
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
  // `:11434` means "all interfaces" to the server; as a client address it means this machine.
  // A bare IPv6 address (`::1`) needs brackets before it can carry a port.
  const bareIpv6 = !hasScheme && !raw.includes('[') && (raw.match(/:/g)?.length ?? 0) > 1;
  const withHost = bareIpv6 ? `[${raw}]` : raw.startsWith(':') ? `localhost${raw}` : raw;
  let url: URL;
  try {
    url = new URL(hasScheme ? withHost : `http://${withHost}`);
  } catch (cause) {
    throw invalid(raw, cause);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(raw);
  // Ollama's rule: a bare host gets 11434, an explicit scheme keeps its own default port.
  if (!hasScheme && url.port === '') url.port = OLLAMA_DEFAULT_PORT;
  // 0.0.0.0 is a bind address; connecting to it is not portable.
  if (url.hostname === '0.0.0.0') url.hostname = 'localhost';
  const path = url.pathname.replace(/\/+$/, '');
  const apiPath = path.endsWith('/v1') ? path : `${path}/v1`;
  return `${url.protocol}//${url.host}${apiPath}`;
}

function invalid(raw: string, cause?: unknown): TandemError {
  return new TandemError(`OLLAMA_HOST="${raw}" is not a host, host:port or http(s) URL`, {
    code: 'OLLAMA_HOST_INVALID',
    hint: 'Set OLLAMA_HOST to e.g. localhost:11434 or http://gpu-box:11434, or unset it.',
    context: { setting: 'OLLAMA_HOST' },
    cause,
  });
}
